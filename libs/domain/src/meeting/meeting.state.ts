import type { DecisionRule } from '../cluster/charter';
import type { MeetingEvent, MeetingKind, ResolutionRef, VoteSubject } from './meeting.events';
import type { Tally } from './voting-rules';
import { ballotsFrom, countBallot, countOf, noBallots, noCount, type BallotState, type Ballots, type RunningCount } from './ballots';

export type { BallotState, Ballots, RunningCount } from './ballots';

export interface VoteState {
  voteId: string;
  agendaItemId: string;
  motion: string;
  secrecy: 'named' | 'secret';
  decisionKind: string;
  subject: VoteSubject;
  rule: DecisionRule;
  charterVersion: number;
  status: 'open' | 'closed';
  /**
   * The member's counted ballot: a correction replaces the earlier one, so each counts once. A
   * persistent map (see ballots.ts): a ballot costs O(log n), not a copy of every ballot.
   */
  ballots: Ballots;
  /** How many voted and, for a named vote, the running tally: kept per ballot, so nobody walks the ballots for it. */
  count: RunningCount;
  result?: {
    /** The register's number; absent for the moment between the close and its numbering. */
    resolution?: ResolutionRef;
    outcome: 'adopted' | 'rejected';
    tally: Tally;
    quorum: { entitled: number; present: number; reached: boolean };
    entitledVoters: { memberId: string; weight: number }[];
    /** Recorded from these minutes by its counts only: the vote has no individual ballots. */
    fromMinutes?: string;
  };
}

export interface MeetingState {
  exists: boolean;
  meetingId: string;
  clusterId: string;
  kind: MeetingKind;
  groupId?: string;
  title: string;
  scheduledFor: string;
  /** Who convened it: while the coordinator's office is vacant, the one who runs it. */
  convenedBy: string;
  status: 'convened' | 'open' | 'closed' | 'cancelled';
  agenda: { itemId: string; title: string; description?: string }[];
  /** Latest presence per member. */
  attendance: Record<string, { personId: string; presence: 'in_person' | 'online' | 'left'; at: string }>;
  /** Active proxies by grantor. */
  proxies: Record<string, { holderMemberId: string; documentRef: string }>;
  votes: Record<string, VoteState>;
  minutes: { version: number; text: string; status: 'none' | 'draft' | 'approved' | 'locked'; approvedBy?: ResolutionRef };
  /** Ballots that reached the log after their vote closed: recorded, never counted. */
  lateBallots: { voteId: string; memberId: string }[];
}

export const initialMeetingState = (): MeetingState => ({
  exists: false,
  meetingId: '',
  clusterId: '',
  kind: 'council',
  title: '',
  scheduledFor: '',
  convenedBy: '',
  status: 'convened',
  agenda: [],
  attendance: {},
  proxies: {},
  votes: {},
  minutes: { version: 0, text: '', status: 'none' },
  lateBallots: [],
});

export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'MeetingConvened': {
      return { ...state, ...event.data, exists: true, status: 'convened' };
    }
    case 'AgendaItemAdded':
      return { ...state, agenda: [...state.agenda, event.data] };
    case 'MeetingOpened':
      return { ...state, status: 'open' };
    case 'AttendanceRecorded': {
      const { memberId, ...presence } = event.data;
      return { ...state, attendance: { ...state.attendance, [memberId]: presence } };
    }
    case 'ProxyRegistered': {
      const { grantorMemberId, ...proxy } = event.data;
      return { ...state, proxies: { ...state.proxies, [grantorMemberId]: proxy } };
    }
    case 'ProxyRevoked': {
      const { [event.data.grantorMemberId]: _gone, ...proxies } = state.proxies;
      return { ...state, proxies };
    }
    case 'VoteOpened': {
      const { openedAt: _at, ...vote } = event.data;
      return { ...state, votes: { ...state.votes, [vote.voteId]: { ...vote, status: 'open', ballots: noBallots(), count: noCount(vote.secrecy === 'secret') } } };
    }
    case 'BallotCast':
    case 'BallotCorrected': {
      const { voteId, memberId, ...ballot } = event.data;
      const vote = state.votes[voteId];
      // Ballots are appended without a revision precondition (they commute), so one may land after
      // the close: it stays in the log but is not counted.
      if (!vote || vote.status === 'closed') return { ...state, lateBallots: [...state.lateBallots, { voteId, memberId }] };
      // O(log n): the map shares every other ballot with the previous state, which stays as it was.
      const previous = vote.ballots.get(memberId);
      const next: BallotState = { memberId, ...ballot, corrections: (previous?.corrections ?? -1) + 1 };
      return withVote(state, { ...vote, ballots: vote.ballots.set(memberId, next), count: countBallot(vote.count, previous, next) });
    }
    case 'VoteClosed': {
      const { voteId, resolution, outcome, tally, quorum, entitledVoters } = event.data;
      return withVote(state, { ...state.votes[voteId], status: 'closed', result: { ...(resolution ? { resolution } : {}), outcome, tally, quorum, entitledVoters } });
    }
    case 'VoteCountsRecorded': {
      const { voteId, outcome, tally, quorum, entitledVoters, minutes } = event.data;
      return withVote(state, { ...state.votes[voteId], status: 'closed', result: { outcome, tally, quorum, entitledVoters, fromMinutes: minutes } });
    }
    case 'ResolutionNumbered': {
      const vote = state.votes[event.data.voteId];
      return withVote(state, { ...vote, result: { ...vote.result!, resolution: event.data.resolution } });
    }
    case 'MinutesDrafted':
    case 'MinutesCorrected':
      return { ...state, minutes: { version: event.data.version, text: event.data.text, status: 'draft' } };
    case 'MinutesApproved':
      return { ...state, minutes: { ...state.minutes, status: 'approved', approvedBy: event.data.resolution } };
    case 'MinutesLocked':
      return { ...state, minutes: { ...state.minutes, status: 'locked' } };
    case 'MeetingClosed':
      return { ...state, status: 'closed' };
    case 'MeetingCancelled':
      return { ...state, status: 'cancelled' };
  }
}

const withVote = (state: MeetingState, vote: VoteState): MeetingState => ({ ...state, votes: { ...state.votes, [vote.voteId]: vote } });

/**
 * A meeting state read back from JSON (a read-model document): each vote's ballots become the
 * persistent map again, and a vote stored before the running count was kept is counted once.
 * Changes `state` in place: call it on a freshly decoded document only.
 */
export function reviveMeetingState(state: MeetingState): MeetingState {
  for (const vote of Object.values(state.votes ?? {})) {
    vote.ballots = ballotsFrom(vote.ballots ?? {});
    vote.count ??= countOf(vote.ballots, vote.secrecy === 'secret');
  }
  return state;
}

/** The tally of a vote as its readers see it: the counted one once closed, else the running one (null while secret). */
export const shownTally = (vote: Pick<VoteState, 'result' | 'count'>): Tally | null => vote.result?.tally ?? vote.count.tally;

export const isPresent = (state: MeetingState, memberId: string) => {
  const a = state.attendance[memberId];
  return !!a && a.presence !== 'left';
};

/** The body whose resolution register a meeting's votes are numbered in. */
export function resolutionBody(state: Pick<MeetingState, 'kind' | 'groupId'>): string {
  switch (state.kind) {
    case 'council':
      return 'council';
    case 'general':
    case 'extraordinary_general':
      return 'general_meeting';
    case 'working_group':
      return `group:${state.groupId}`;
    case 'forum':
      return 'forum';
  }
}
