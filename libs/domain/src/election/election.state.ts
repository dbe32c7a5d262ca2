import { OrderedMap } from 'immutable';
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

/**
 * A round's ballots by member, in the order they were cast: a persistent map, as a meeting vote's
 * ballots are (see meeting/ballots.ts for why), so a ballot is folded in O(log n) without copying the
 * round's other ballots and every earlier version of the state stays as it was. Serialises as a plain
 * object by member; revived from JSON by `reviveElectionState`.
 */
export type ElectionBallots = OrderedMap<string, ElectionBallotState>;
export const noElectionBallots = (): ElectionBallots => OrderedMap<string, ElectionBallotState>();

export interface RoundState {
  round: number;
  kind: RoundKind;
  candidates: string[];
  repeatOf?: number;
  status: 'open' | 'closed';
  ballots: ElectionBallots;
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
  /**
   * The rounds by number ('1', '2', …: a plain object's integer keys keep ascending order). Keyed, not
   * a list, so the read model stores each round, and each of its ballots, as a row of its own.
   */
  rounds: Record<string, RoundState>;
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
  rounds: {},
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
      return { ...state, status: 'voting', rounds: { ...state.rounds, [round.round]: { ...round, status: 'open', ballots: noElectionBallots() } } };
    }
    case 'RunoffOpened':
      return {
        ...state,
        status: 'voting',
        rounds: { ...state.rounds, [event.data.round]: { round: event.data.round, kind: 'runoff', candidates: event.data.candidates, status: 'open', ballots: noElectionBallots() } },
      };
    case 'ElectionBallotCast': {
      const { round: n, ...ballot } = event.data;
      return withRound(state, n, (r) => ({ ...r, ballots: r.ballots.set(ballot.memberId, ballot) }));
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

/** The state with round `n` changed; the other rounds (a handful) are shared, not copied. */
function withRound(state: ElectionState, n: number, change: (round: RoundState) => RoundState): ElectionState {
  const round = state.rounds[n];
  return round ? { ...state, rounds: { ...state.rounds, [n]: change(round) } } : state;
}

/** The rounds in order. */
export const roundsInOrder = (state: Pick<ElectionState, 'rounds'>): RoundState[] => Object.values(state.rounds);

/** The last round, open or closed (undefined before the first). */
export const lastRound = (state: ElectionState): RoundState | undefined => {
  const rounds = roundsInOrder(state);
  return rounds[rounds.length - 1];
};

/**
 * An election state read back from JSON: each round's ballots a persistent map again. Changes
 * `state` in place: call it on a freshly decoded document only.
 */
export function reviveElectionState(state: ElectionState): ElectionState {
  for (const round of Object.values(state.rounds ?? {})) {
    const ballots = round.ballots as ElectionBallots | Record<string, ElectionBallotState> | undefined;
    round.ballots = OrderedMap.isOrderedMap(ballots) ? (ballots as ElectionBallots) : OrderedMap(Object.entries(ballots ?? {}));
  }
  return state;
}

/** Candidates in nomination order. */
export const candidatesInOrder = (state: ElectionState) => Object.values(state.candidates).sort((a, b) => a.order - b.order);

/** What the cluster needs to install the leader: the election's cluster and whom it elected (if anyone). */
export function electionResultFacts(state: ElectionState): { electionId: string; clusterId: string; electedMemberId: string | null; electedAt?: string } {
  return { electionId: state.electionId, clusterId: state.clusterId, electedMemberId: state.elected?.memberId ?? null, ...(state.elected ? { electedAt: state.elected.at } : {}) };
}
