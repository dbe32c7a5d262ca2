import type { DecisionRule } from '../cluster/charter';
import type { ElectionEvent, ElectionEventOf, RoundKind } from './election.events';
import type { ResolutionRef } from '../meeting/meeting.events';

export interface CandidateState {
  memberId: string;
  /** 1, 2, 3…: the order of nomination, which breaks ties for the runoff. */
  order: number;
  nominatedBy: string;
  status: 'nominated' | 'accepted' | 'withdrawn';
}

export interface ElectionBallotState {
  memberId: string;
  castBy: string;
  candidateMemberId: string | null;
  weight: number;
}

export interface RoundState {
  round: number;
  kind: RoundKind;
  candidates: string[];
  repeatOf?: number;
  status: 'open' | 'closed';
  ballots: Record<string, ElectionBallotState>;
  result?: Omit<ElectionEventOf<'RoundClosed'>['data'], 'round' | 'kind'>;
}

/**
 * nominating: candidates come forward until the first round opens. voting: a round is open.
 * adjourned: the last round had no quorum; OpenRound repeats it. elected / inconclusive: over.
 */
export type ElectionStatus = 'nominating' | 'voting' | 'adjourned' | 'elected' | 'inconclusive';

export interface ElectionState {
  exists: boolean;
  electionId: string;
  clusterId: string;
  meetingId: string;
  reason: string;
  charterVersion: number;
  rule: DecisionRule;
  weightedVoting: boolean;
  calledBy: string;
  calledAt: string;
  status: ElectionStatus;
  candidates: Record<string, CandidateState>;
  rounds: RoundState[];
  elected?: { memberId: string; round: number; votes: number; at: string };
  /** The resolution of the meeting's body that the election is, once the register numbered it. */
  resolution?: ResolutionRef;
  inconclusive?: { round: number; reason: string; at: string };
}

export const initialElectionState = (): ElectionState => ({
  exists: false,
  electionId: '',
  clusterId: '',
  meetingId: '',
  reason: '',
  charterVersion: 0,
  rule: { quorum: { kind: 'none' }, majority: 'simple' },
  weightedVoting: false,
  calledBy: '',
  calledAt: '',
  status: 'nominating',
  candidates: {},
  rounds: [],
});

export function evolveElection(state: ElectionState, event: ElectionEvent): ElectionState {
  switch (event.type) {
    case 'ElectionCalled': {
      const { calledAt, ...d } = event.data;
      return { ...state, ...d, calledAt, exists: true, status: 'nominating' };
    }
    case 'CandidateNominated': {
      const order = Object.keys(state.candidates).length + 1;
      const candidate: CandidateState = { memberId: event.data.memberId, order, nominatedBy: event.data.nominatedBy, status: 'nominated' };
      return { ...state, candidates: { ...state.candidates, [candidate.memberId]: candidate } };
    }
    case 'NominationAccepted':
      return withCandidate(state, event.data.memberId, 'accepted');
    case 'CandidacyWithdrawn':
      return withCandidate(state, event.data.memberId, 'withdrawn');
    case 'RoundOpened': {
      const { openedAt: _at, ...round } = event.data;
      return { ...state, status: 'voting', rounds: [...state.rounds, { ...round, status: 'open', ballots: {} }] };
    }
    case 'RunoffOpened':
      return {
        ...state,
        status: 'voting',
        rounds: [...state.rounds, { round: event.data.round, kind: 'runoff', candidates: event.data.candidates, status: 'open', ballots: {} }],
      };
    case 'ElectionBallotCast': {
      const { round: n, ...ballot } = event.data;
      return withRound(state, n, (r) => ({ ...r, ballots: { ...r.ballots, [ballot.memberId]: ballot } }));
    }
    case 'RoundClosed': {
      const { round: n, kind: _k, ...result } = event.data;
      const next = withRound(state, n, (r) => ({ ...r, status: 'closed', result }));
      // 'runoff' is followed by RunoffOpened, 'elected' and 'inconclusive' by their own events.
      return result.outcome === 'no_quorum' ? { ...next, status: 'adjourned' } : next;
    }
    case 'LeaderElected':
      return { ...state, status: 'elected', elected: { memberId: event.data.memberId, round: event.data.round, votes: event.data.votes, at: event.data.electedAt } };
    case 'ElectionInconclusive':
      return { ...state, status: 'inconclusive', inconclusive: { ...event.data } };
    case 'ElectionResolutionNumbered':
      return { ...state, resolution: event.data.resolution };
  }
}

const withCandidate = (state: ElectionState, memberId: string, status: CandidateState['status']): ElectionState => ({
  ...state,
  candidates: { ...state.candidates, [memberId]: { ...state.candidates[memberId], status } },
});

function withRound(state: ElectionState, n: number, change: (round: RoundState) => RoundState): ElectionState {
  return { ...state, rounds: state.rounds.map((r) => (r.round === n ? change(r) : r)) };
}

/** The last round, open or closed (undefined before the first). */
export const lastRound = (state: ElectionState): RoundState | undefined => state.rounds[state.rounds.length - 1];

/** Candidates in nomination order. */
export const candidatesInOrder = (state: ElectionState) => Object.values(state.candidates).sort((a, b) => a.order - b.order);

/** What the cluster needs to install the leader: the election's cluster and whom it elected (if anyone). */
export function electionResultFacts(state: ElectionState): { electionId: string; clusterId: string; electedMemberId: string | null; electedAt?: string } {
  return { electionId: state.electionId, clusterId: state.clusterId, electedMemberId: state.elected?.memberId ?? null, ...(state.elected ? { electedAt: state.elected.at } : {}) };
}
