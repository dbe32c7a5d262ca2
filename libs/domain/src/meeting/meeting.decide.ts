import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import type { MeetingCommand, MeetingCommandOf } from './meeting.commands';
import type { MeetingEvent } from './meeting.events';
import { ballotAuthority, chairs, clusterMember, entitledVoters, requireConvener, requireEntitled, weightOf } from './meeting.roles';
import { isPresent, type MeetingState } from './meeting.state';
import { countsProblem, evaluateCountedVote, evaluateVote, tally, type Choice } from './voting-rules';

export function decideMeeting(c: MeetingCommand, state: MeetingState): MeetingEvent[] {
  if (c.type === 'ConveneMeeting') return convene(c, state);
  if (!state.exists) throw notFound(`Meeting '${c.meetingId}' does not exist`);
  switch (c.type) {
    case 'AddAgendaItem':
      requireConvener(c, state, 'change the agenda');
      requireStatus(state, ['convened', 'open'], 'change its agenda');
      if (state.agenda.some((i) => i.itemId === c.itemId)) throw conflict(`Agenda item '${c.itemId}' already exists`);
      return [{ type: 'AgendaItemAdded', data: { itemId: c.itemId, title: c.title, ...(c.description ? { description: c.description } : {}) } }];
    case 'OpenMeeting':
      requireConvener(c, state, 'open the meeting');
      requireStatus(state, ['convened'], 'be opened');
      return [{ type: 'MeetingOpened', data: { openedAt: c.at } }];
    case 'RecordAttendance':
      return attendance(c, state);
    case 'RegisterProxy':
      return registerProxy(c, state);
    case 'RevokeProxy':
      return revokeProxy(c, state);
    case 'OpenVote':
      return openVote(c, state);
    case 'CastBallot':
    case 'CorrectBallot':
      return ballot(c, state);
    case 'CloseVote':
      return closeVote(c, state);
    case 'RecordVoteCounts':
      return recordVoteCounts(c, state);
    case 'RecordResolutionNumber':
      return recordResolutionNumber(c, state);
    case 'DraftMinutes':
    case 'CorrectMinutes':
      return minutesText(c, state);
    case 'ApproveMinutes':
      return approveMinutes(c, state);
    case 'LockMinutes':
      requireConvener(c, state, 'lock the minutes');
      if (state.minutes.status !== 'approved') throw ruleBroken('Only approved minutes can be locked');
      return [{ type: 'MinutesLocked', data: { version: state.minutes.version } }];
    case 'CloseMeeting':
      requireConvener(c, state, 'close the meeting');
      requireStatus(state, ['open'], 'be closed');
      if (Object.values(state.votes).some((v) => v.status === 'open')) throw ruleBroken('Close every open vote before closing the meeting');
      return [{ type: 'MeetingClosed', data: { closedAt: c.at } }];
    case 'CancelMeeting':
      requireConvener(c, state, 'cancel the meeting');
      requireStatus(state, ['convened'], 'be cancelled (only a meeting not yet opened can be)');
      return [{ type: 'MeetingCancelled', data: { reason: c.reason } }];
  }
}

function convene(c: MeetingCommandOf<'ConveneMeeting'>, state: MeetingState): MeetingEvent[] {
  if (state.exists) throw conflict(`Meeting '${c.meetingId}' already exists`);
  if (c.kind === 'working_group' && !c.groupId) throw ruleBroken('A working-group meeting names its group (groupId)');
  requireConvener(c, { kind: c.kind }, 'convene this meeting');
  const ids = c.agenda.map((i) => i.itemId);
  if (new Set(ids).size !== ids.length) throw ruleBroken('Agenda item ids must be unique');
  return [
    {
      type: 'MeetingConvened',
      data: {
        meetingId: c.meetingId,
        clusterId: c.clusterId,
        kind: c.kind,
        ...(c.groupId ? { groupId: c.groupId } : {}),
        title: c.title,
        scheduledFor: c.scheduledFor,
        venue: c.venue,
        agenda: c.agenda,
        convenedBy: c.actor,
      },
    },
  ];
}

function attendance(c: MeetingCommandOf<'RecordAttendance'>, state: MeetingState): MeetingEvent[] {
  requireStatus(state, ['open'], 'record attendance');
  const member = clusterMember(c, c.memberId);
  if (!chairs(c, state) && member.personId !== c.actor) throw forbidden('Attendance is recorded by the coordinator or by the member itself');
  if (member.kind === 'honorary' && !c.cluster.charter.honoraryMembersAttend) throw ruleBroken('Under the charter honorary members do not attend');
  if (state.attendance[c.memberId]?.presence === c.presence) throw ruleBroken(`${c.memberId} is already recorded as ${c.presence}`);
  return [{ type: 'AttendanceRecorded', data: { memberId: c.memberId, personId: member.personId, presence: c.presence, at: c.at } }];
}

function registerProxy(c: MeetingCommandOf<'RegisterProxy'>, state: MeetingState): MeetingEvent[] {
  if (!c.cluster.charter.proxiesAllowed) throw ruleBroken('The charter does not allow proxies');
  requireStatus(state, ['convened', 'open'], 'take proxies');
  const holder = requireEntitled(c, state, c.holderMemberId);
  requireEntitled(c, state, c.grantorMemberId);
  if (!chairs(c, state) && holder.personId !== c.actor) throw forbidden('A proxy is registered by its holder or by the coordinator');
  if (c.grantorMemberId === c.holderMemberId) throw ruleBroken('A member cannot hold its own proxy');
  if (state.proxies[c.grantorMemberId]) throw conflict(`${c.grantorMemberId} has already given a proxy; revoke it first`);
  if (!isPresent(state, c.holderMemberId)) throw ruleBroken(`The proxy holder ${c.holderMemberId} must be present`);
  if (isPresent(state, c.grantorMemberId)) throw ruleBroken(`${c.grantorMemberId} is present and votes itself`);
  return [{ type: 'ProxyRegistered', data: { grantorMemberId: c.grantorMemberId, holderMemberId: c.holderMemberId, documentRef: c.documentRef } }];
}

function revokeProxy(c: MeetingCommandOf<'RevokeProxy'>, state: MeetingState): MeetingEvent[] {
  const proxy = state.proxies[c.grantorMemberId];
  if (!proxy) throw notFound(`${c.grantorMemberId} has no active proxy`);
  const people = [c.grantorMemberId, proxy.holderMemberId].map((id) => c.cluster.members.find((m) => m.memberId === id)?.personId);
  if (!chairs(c, state) && !people.includes(c.actor)) throw forbidden('A proxy is revoked by its grantor, its holder or the coordinator');
  return [{ type: 'ProxyRevoked', data: { grantorMemberId: c.grantorMemberId, holderMemberId: proxy.holderMemberId } }];
}

function openVote(c: MeetingCommandOf<'OpenVote'>, state: MeetingState): MeetingEvent[] {
  requireConvener(c, state, 'open a vote');
  requireStatus(state, ['open'], 'hold votes');
  if (state.votes[c.voteId]) throw conflict(`Vote '${c.voteId}' already exists`);
  if (!state.agenda.some((i) => i.itemId === c.agendaItemId)) throw notFound(`Agenda item '${c.agendaItemId}' is not on the agenda`);
  return [
    {
      type: 'VoteOpened',
      data: {
        voteId: c.voteId,
        agendaItemId: c.agendaItemId,
        motion: c.motion,
        secrecy: c.secrecy,
        decisionKind: c.decisionKind,
        subject: c.subject,
        // The rule is fixed by the charter version in force when the vote opens.
        rule: c.cluster.charter.decisionRules[c.decisionKind],
        charterVersion: c.cluster.charterVersion,
        openedAt: c.at,
      },
    },
  ];
}

function ballot(c: MeetingCommandOf<'CastBallot' | 'CorrectBallot'>, state: MeetingState): MeetingEvent[] {
  const vote = state.votes[c.voteId];
  if (!vote) throw notFound(`Vote '${c.voteId}' does not exist`);
  if (vote.status !== 'open') throw ruleBroken('The vote is closed');
  const member = requireEntitled(c, state, c.memberId);
  const viaProxyOf = ballotAuthority(c, state, member);
  const previous = vote.ballots.get(c.memberId);
  if (c.type === 'CastBallot' && previous) throw conflict(`${c.memberId} has already voted; correct the ballot instead`);
  if (c.type === 'CorrectBallot' && !previous) throw notFound(`${c.memberId} has not voted yet`);
  if (vote.secrecy === 'secret' && !c.sealedChoice) throw ruleBroken('A secret ballot must arrive sealed');
  const choice = vote.secrecy === 'secret' ? { sealedChoice: c.sealedChoice! } : { choice: c.choice };
  const data = { voteId: c.voteId, memberId: c.memberId, castBy: c.actor, viaProxyOf, weight: weightOf(c, member), ...choice };
  return [{ type: c.type === 'CastBallot' ? 'BallotCast' : 'BallotCorrected', data }];
}

function closeVote(c: MeetingCommandOf<'CloseVote'>, state: MeetingState): MeetingEvent[] {
  requireConvener(c, state, 'close a vote');
  const vote = state.votes[c.voteId];
  if (!vote) throw notFound(`Vote '${c.voteId}' does not exist`);
  if (vote.status !== 'open') throw conflict('The vote is already closed');
  // The snapshot of entitled voters, frozen now; ballots of members no longer entitled do not count.
  const entitled = entitledVoters(c, state).map((m) => ({ memberId: m.memberId, weight: weightOf(c, m) }));
  const entitledIds = new Set(entitled.map((v) => v.memberId));
  const counted = [...vote.ballots.values()].filter((b) => entitledIds.has(b.memberId));
  const choices = counted.map((b) => {
    const choice: Choice | undefined = vote.secrecy === 'secret' ? c.unsealed?.[b.memberId] : b.choice;
    if (!choice) throw ruleBroken(`The ballot of ${b.memberId} could not be opened`);
    return { choice, weight: b.weight };
  });
  const represented = Object.entries(state.proxies).filter(([, p]) => isPresent(state, p.holderMemberId)).map(([grantor]) => grantor);
  const present = new Set([...Object.keys(state.attendance).filter((id) => isPresent(state, id)), ...represented]);
  const t = tally(choices);
  const { quorum, adopted } = evaluateVote(vote.rule, t, entitled, present);
  return [
    {
      type: 'VoteClosed',
      data: {
        voteId: c.voteId,
        outcome: adopted ? 'adopted' : 'rejected',
        tally: t,
        ballots: counted.length,
        quorum: { entitled: quorum.entitled, present: quorum.present, reached: quorum.reached },
        charterVersion: vote.charterVersion,
        rule: vote.rule,
        entitledVoters: entitled,
        closedAt: c.at,
      },
    },
  ];
}

/**
 * A vote known from its minutes by its counts only — yes, no, abstain and how many were present — is
 * judged under its rule (fixed when it opened) on the voters entitled that day, and closed. A vote is
 * recorded by its ballots or by its counts, never both.
 */
function recordVoteCounts(c: MeetingCommandOf<'RecordVoteCounts'>, state: MeetingState): MeetingEvent[] {
  requireConvener(c, state, 'record a vote from its minutes');
  const vote = state.votes[c.voteId];
  if (!vote) throw notFound(`Vote '${c.voteId}' does not exist`);
  if (vote.status !== 'open') throw conflict('The vote is already closed');
  const cast = vote.ballots.size;
  if (cast > 0) {
    throw ruleBroken(`${cast} ballot(s) were already cast in vote '${c.voteId}': close it instead (a vote is recorded by its ballots or by its counts, not both)`, 'ballots_already_cast');
  }
  const entitled = entitledVoters(c, state).map((m) => ({ memberId: m.memberId, weight: weightOf(c, m) }));
  const { present, ...t } = c.counts;
  const problem = countsProblem(vote.rule, c.cluster.charter.weightedVoting, t, present, entitled);
  if (problem) throw ruleBroken(`The counts of ${c.minutes} do not add up: ${problem}`, 'counts_do_not_add_up');
  const { quorum, adopted } = evaluateCountedVote(vote.rule, t, entitled, present);
  return [
    {
      type: 'VoteCountsRecorded',
      data: {
        voteId: c.voteId,
        outcome: adopted ? 'adopted' : 'rejected',
        tally: t,
        quorum: { entitled: quorum.entitled, present: quorum.present, reached: quorum.reached },
        charterVersion: vote.charterVersion,
        rule: vote.rule,
        entitledVoters: entitled,
        minutes: c.minutes,
        closedAt: c.at,
      },
    },
  ];
}

/** Idempotent: the reactor may react to the same register entry again after a restart. */
function recordResolutionNumber(c: MeetingCommandOf<'RecordResolutionNumber'>, state: MeetingState): MeetingEvent[] {
  const vote = state.votes[c.voteId];
  if (!vote?.result) throw notFound(`Vote '${c.voteId}' is not closed`, 'vote_not_closed');
  const given = vote.result.resolution;
  if (given?.number === c.resolution.number && given.body === c.resolution.body) return [];
  if (given) throw conflict(`Vote '${c.voteId}' is already resolution ${given.number}`, 'already_numbered');
  return [{ type: 'ResolutionNumbered', data: { voteId: c.voteId, resolution: c.resolution } }];
}

function minutesText(c: MeetingCommandOf<'DraftMinutes' | 'CorrectMinutes'>, state: MeetingState): MeetingEvent[] {
  requireConvener(c, state, 'write the minutes');
  if (state.minutes.status === 'locked') throw ruleBroken('The minutes are locked');
  if (c.type === 'DraftMinutes' && state.minutes.status !== 'none') throw conflict('The minutes are already drafted; correct them instead');
  if (c.type === 'CorrectMinutes' && state.minutes.status === 'none') throw ruleBroken('There are no minutes to correct yet');
  const version = state.minutes.version + 1;
  return [{ type: c.type === 'DraftMinutes' ? 'MinutesDrafted' : 'MinutesCorrected', data: { version, text: c.text } }];
}

function approveMinutes(c: MeetingCommandOf<'ApproveMinutes'>, state: MeetingState): MeetingEvent[] {
  requireConvener(c, state, 'record the approval of the minutes');
  if (state.minutes.status !== 'draft') throw ruleBroken('Only drafted (or corrected) minutes can be approved');
  const vote = state.votes[c.voteId];
  if (!vote || vote.subject.kind !== 'minutes_approval') throw ruleBroken('Minutes are approved by a minutes-approval vote of this meeting');
  if (!vote.result) throw ruleBroken('That vote is still open');
  const resolution = vote.result.resolution;
  if (!resolution) throw conflict('That vote is closed but not numbered yet; try again in a moment', 'not_numbered_yet');
  if (vote.result.outcome !== 'adopted') throw ruleBroken(`Resolution ${resolution.number} did not approve the minutes`);
  return [{ type: 'MinutesApproved', data: { version: state.minutes.version, voteId: c.voteId, resolution } }];
}

function requireStatus(state: MeetingState, allowed: MeetingState['status'][], what: string): void {
  if (!allowed.includes(state.status)) throw ruleBroken(`The meeting is ${state.status} and cannot ${what}`);
}
