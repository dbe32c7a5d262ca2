import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import { actsForVacantOffice, vacantOfficeConvenerText } from '../cluster/vacant-office';
import type { ClientElectionCommand, ElectionCommand, ElectionCommandOf } from './election.commands';
import type { ElectionEvent } from './election.events';
import { countRound } from './election.count';
import { candidatesInOrder, lastRound, type ElectionState } from './election.state';

type Facts = Pick<ClientElectionCommand, 'cluster' | 'meeting' | 'actor'>;
type ClusterMember = ClientElectionCommand['cluster']['members'][number];

export function decideElection(c: ElectionCommand, state: ElectionState): ElectionEvent[] {
  if (c.type === 'CallElection') return call(c, state);
  if (!state.exists) throw notFound(`Election '${c.electionId}' does not exist`);
  if (c.type === 'RecordElectionResolutionNumber') return recordResolutionNumber(c, state);
  if (c.meeting.meetingId !== state.meetingId) throw ruleBroken(`Election '${c.electionId}' is held at meeting '${state.meetingId}'`);
  switch (c.type) {
    case 'NominateCandidate':
      return nominate(c, state);
    case 'AcceptNomination':
    case 'WithdrawCandidacy':
      return candidacy(c, state);
    case 'OpenRound':
      return openRound(c, state);
    case 'CastElectionBallot':
      return cast(c, state);
    case 'CloseRound':
      return closeRound(c, state);
  }
}

function call(c: ElectionCommandOf<'CallElection'>, state: ElectionState): ElectionEvent[] {
  if (state.exists) throw conflict(`Election '${c.electionId}' already exists`);
  if (c.meeting.clusterId !== c.cluster.clusterId || c.meeting.meetingId !== c.meetingId) throw notFound(`Meeting '${c.meetingId}' is not a meeting of this cluster`);
  // While a coordinator is active it calls the election; once its member has withdrawn (the typical
  // reason for one) the office is vacant and whoever the charter lets act for it calls it (by default
  // any voting member's representative), or the cluster could never elect a new leader.
  if (c.cluster.coordinatorPersonId !== null) {
    if (c.cluster.coordinatorPersonId !== c.actor) throw forbidden('Only the coordinator may call an election');
  } else if (!actsForVacantOffice(c.cluster.charter.convenerWhileVacant, c.cluster.members, c.actor)) {
    throw forbidden(`The coordinator's office is vacant: under the charter ${vacantOfficeConvenerText(c.cluster.charter.convenerWhileVacant, c.cluster.members)} calls the election`, 'not_acting_for_vacant_office');
  }
  if (c.meeting.kind !== 'general' && c.meeting.kind !== 'extraordinary_general') {
    throw ruleBroken(`The leader is elected by the general meeting, not at a ${c.meeting.kind} meeting`);
  }
  requireMeetingRunning(c);
  return [
    {
      type: 'ElectionCalled',
      data: {
        electionId: c.electionId,
        clusterId: c.cluster.clusterId,
        meetingId: c.meetingId,
        reason: c.reason,
        // The rule is fixed by the charter version in force when the election is called.
        charterVersion: c.cluster.charterVersion,
        rule: c.cluster.charter.decisionRules.leader_election,
        weightedVoting: c.cluster.charter.weightedVoting,
        calledBy: c.actor,
        calledAt: c.at,
      },
    },
  ];
}

function nominate(c: ElectionCommandOf<'NominateCandidate'>, state: ElectionState): ElectionEvent[] {
  requireNominating(state);
  requireMeetingRunning(c);
  if (votingMembersRepresentedBy(c, c.actor).length === 0) throw forbidden("Candidates are nominated by a voting member's representative");
  const candidate = clusterMember(c, c.memberId);
  if (candidate.status !== 'active') throw ruleBroken(`${c.memberId} has withdrawn from the cluster and cannot stand`);
  if (candidate.kind !== 'ordinary') throw ruleBroken('An honorary member cannot lead the cluster');
  if (state.candidates[c.memberId]) throw conflict(`${c.memberId} has already been nominated`);
  return [{ type: 'CandidateNominated', data: { memberId: c.memberId, nominatedBy: c.actor, at: c.at } }];
}

function candidacy(c: ElectionCommandOf<'AcceptNomination' | 'WithdrawCandidacy'>, state: ElectionState): ElectionEvent[] {
  const candidate = state.candidates[c.memberId];
  if (!candidate) throw notFound(`${c.memberId} has not been nominated`);
  const member = clusterMember(c, c.memberId);
  if (member.personId !== c.actor) throw forbidden(`Only the representative of ${c.memberId} may ${c.type === 'AcceptNomination' ? 'accept its nomination' : 'withdraw its candidacy'}`);
  requireNominating(state);
  if (candidate.status === 'withdrawn') throw ruleBroken(`${c.memberId} has withdrawn its candidacy`);
  if (c.type === 'AcceptNomination') {
    if (candidate.status === 'accepted') throw conflict(`${c.memberId} has already accepted`);
    return [{ type: 'NominationAccepted', data: { memberId: c.memberId, acceptedBy: c.actor, at: c.at } }];
  }
  return [{ type: 'CandidacyWithdrawn', data: { memberId: c.memberId, withdrawnBy: c.actor, at: c.at } }];
}

function openRound(c: ElectionCommandOf<'OpenRound'>, state: ElectionState): ElectionEvent[] {
  requireConductor(c, state, 'open a round');
  requireNotOver(state);
  if (state.status === 'voting') throw conflict(`Round ${lastRound(state)!.round} is still open`);
  if (c.meeting.status !== 'open') throw ruleBroken(`The meeting is ${c.meeting.status}: ballots are cast only while it is open`);
  const previous = lastRound(state);
  if (previous) {
    // After a round without quorum the same round is held again, under a new number, with the same candidates.
    return [{ type: 'RoundOpened', data: { round: previous.round + 1, kind: previous.kind, candidates: previous.candidates, repeatOf: previous.round, openedAt: c.at } }];
  }
  // The list closes when the first round opens: accepted candidates still able to lead, in nomination order.
  const candidates = candidatesInOrder(state)
    .filter((k) => k.status === 'accepted')
    .filter((k) => c.cluster.members.some((m) => m.memberId === k.memberId && m.status === 'active' && m.kind === 'ordinary'))
    .map((k) => k.memberId);
  if (candidates.length === 0) throw ruleBroken('The first round needs at least one candidate who accepted the nomination');
  return [{ type: 'RoundOpened', data: { round: 1, kind: 'normal', candidates, openedAt: c.at } }];
}

function cast(c: ElectionCommandOf<'CastElectionBallot'>, state: ElectionState): ElectionEvent[] {
  const round = lastRound(state);
  if (state.status !== 'voting' || !round || round.status !== 'open') throw ruleBroken('No round is open');
  const member = clusterMember(c, c.memberId);
  if (member.status !== 'active') throw forbidden(`Member '${c.memberId}' has withdrawn and can no longer vote`);
  if (member.kind !== 'ordinary') throw ruleBroken('Honorary members attend without a vote');
  if (member.personId !== c.actor) throw forbidden(`Only the representative of ${c.memberId} may vote for it`);
  if (c.meeting.status !== 'open') throw ruleBroken(`The meeting is ${c.meeting.status}`);
  if (!c.meeting.presentMemberIds.includes(c.memberId)) throw ruleBroken(`${c.memberId} is not recorded as present and cannot vote`);
  if (round.ballots.has(c.memberId)) throw conflict(`${c.memberId} has already voted in round ${round.round}`);
  if (c.candidateMemberId !== null && !round.candidates.includes(c.candidateMemberId)) {
    throw ruleBroken(`${c.candidateMemberId} is not a candidate in round ${round.round} (${round.candidates.join(', ')})`);
  }
  const weight = state.weightedVoting ? member.votingWeight : 1;
  return [{ type: 'ElectionBallotCast', data: { round: round.round, memberId: c.memberId, castBy: c.actor, candidateMemberId: c.candidateMemberId, weight } }];
}

function closeRound(c: ElectionCommandOf<'CloseRound'>, state: ElectionState): ElectionEvent[] {
  requireConductor(c, state, 'close a round');
  requireNotOver(state);
  const round = lastRound(state);
  if (state.status !== 'voting' || !round || round.status !== 'open') throw conflict('No round is open');
  // The snapshot of entitled voters, frozen now: active ordinary members, weighted if the election is.
  const entitled = c.cluster.members
    .filter((m) => m.status === 'active' && m.kind === 'ordinary')
    .map((m) => ({ memberId: m.memberId, weight: state.weightedVoting ? m.votingWeight : 1 }));
  const result = countRound(round, state.rule, entitled, new Set(c.meeting.presentMemberIds));
  const events: ElectionEvent[] = [
    {
      type: 'RoundClosed',
      data: {
        round: round.round,
        kind: round.kind,
        counts: result.counts,
        abstain: result.abstain,
        cast: result.cast,
        ballots: result.ballots,
        quorum: result.quorum,
        outcome: result.outcome,
        entitledVoters: entitled,
        closedAt: c.at,
      },
    },
  ];
  if (result.elected) events.push({ type: 'LeaderElected', data: { memberId: result.elected.memberId, round: round.round, votes: result.elected.votes, electedAt: c.at } });
  if (result.runoff) events.push({ type: 'RunoffOpened', data: { round: round.round + 1, candidates: result.runoff, openedAt: c.at } });
  if (result.outcome === 'inconclusive') events.push({ type: 'ElectionInconclusive', data: { round: round.round, reason: result.reason ?? 'No one was elected', at: c.at } });
  return events;
}

/**
 * The register numbered the election (a leader elected is a resolution of the meeting's body, like any
 * other decision). Idempotent: the reactor may react to the same register entry again after a restart.
 */
function recordResolutionNumber(c: ElectionCommandOf<'RecordElectionResolutionNumber'>, state: ElectionState): ElectionEvent[] {
  if (state.status !== 'elected') throw ruleBroken(`Election '${c.electionId}' has elected no one: it is not a resolution`, 'not_elected');
  const given = state.resolution;
  if (given?.number === c.resolution.number && given.body === c.resolution.body) return [];
  if (given) throw conflict(`Election '${c.electionId}' is already resolution ${given.number}`, 'already_numbered');
  return [{ type: 'ElectionResolutionNumbered', data: { resolution: c.resolution } }];
}

// Who may do what, and in which phase.

function clusterMember(c: Pick<Facts, 'cluster'>, memberId: string): ClusterMember {
  const member = c.cluster.members.find((m) => m.memberId === memberId);
  if (!member) throw notFound(`Member '${memberId}' is not a member of this cluster`);
  return member;
}

/** The active ordinary (voting) members this person represents. */
const votingMembersRepresentedBy = (c: Pick<Facts, 'cluster'>, personId: string) =>
  c.cluster.members.filter((m) => m.status === 'active' && m.kind === 'ordinary' && m.personId === personId);

/**
 * The coordinator runs the election's rounds; so does whoever called it. While the office is vacant
 * the caller must still act for it under the charter — and if it no longer may (it withdrew, or it was
 * the coordinator who then withdrew), anyone who acts for the vacant office conducts the election.
 */
function requireConductor(c: Facts, state: ElectionState, what: string): void {
  const coordinator = c.cluster.coordinatorPersonId;
  if (coordinator === c.actor) return;
  if (coordinator !== null) {
    if (state.calledBy === c.actor) return;
  } else {
    const rule = c.cluster.charter.convenerWhileVacant;
    const acts = (personId: string) => actsForVacantOffice(rule, c.cluster.members, personId);
    if (acts(c.actor) && (state.calledBy === c.actor || !acts(state.calledBy))) return;
  }
  throw forbidden(`Only the coordinator or whoever called the election may ${what}`);
}

function requireNominating(state: ElectionState): void {
  requireNotOver(state);
  if (state.status !== 'nominating') throw ruleBroken('Nominations closed when the first round opened');
}

function requireNotOver(state: ElectionState): void {
  if (state.status === 'elected') throw conflict(`The election is over: ${state.elected!.memberId} was elected`);
  if (state.status === 'inconclusive') throw conflict('The election ended inconclusively; call a new one');
}

function requireMeetingRunning(c: Pick<Facts, 'meeting'>): void {
  if (c.meeting.status === 'closed' || c.meeting.status === 'cancelled') throw ruleBroken(`The meeting is ${c.meeting.status}`);
}
