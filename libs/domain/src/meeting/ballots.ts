import { OrderedMap } from 'immutable';
import type { Choice, Tally } from './voting-rules';

export interface BallotState {
  memberId: string;
  castBy: string;
  viaProxyOf: string | null;
  weight: number;
  choice?: Choice;
  sealedChoice?: string;
  corrections: number;
}

/**
 * A vote's counted ballots by member, in the order members first voted.
 *
 * Why a persistent map (Immutable.js's OrderedMap, a hash array mapped trie with an insertion-order
 * list): states are immutable — the state cache, the projection runner's committed documents and a
 * batch being decided all hold versions of one meeting at once, and a version must never change
 * under its reader. A plain object made that safe only by copying the whole record per ballot, O(n)
 * per ballot and O(n²) per vote. A persistent map makes `set` O(log₃₂ n) and shares every untouched
 * entry between versions, so keeping old versions costs nothing and there is no fork to detect (a
 * mutable-inside design would have to notice two writers extending one version, e.g. a batch whose
 * append failed and the cache it started from). It serialises as a plain object (`toJSON`), so the
 * read models' JSON and every canonical hash of a state are what they were; a state read back from
 * JSON is revived with `reviveMeetingState`.
 *
 * Pure data structure, no I/O: fit for libs/domain.
 */
export type Ballots = OrderedMap<string, BallotState>;

export const noBallots = (): Ballots => OrderedMap<string, BallotState>();

/** Ballots as stored in JSON (a plain object by member), or already a map. */
export const ballotsFrom = (ballots: Ballots | Record<string, BallotState>): Ballots =>
  OrderedMap.isOrderedMap(ballots) ? (ballots as Ballots) : OrderedMap(Object.entries(ballots as Record<string, BallotState>));

/**
 * What a vote's ballots add up to so far, kept as ballots arrive so a reader (the live tally) need
 * not walk them: how many members voted and, for a named vote, the tally of their current choices.
 */
export interface RunningCount {
  ballotsCast: number;
  /** Null for a secret vote: its choices are sealed until it is counted. */
  tally: Tally | null;
}

export const noCount = (secret: boolean): RunningCount => ({ ballotsCast: 0, tally: secret ? null : { yes: 0, no: 0, abstain: 0 } });

/** The count after `next` replaced `previous` (a correction), or joined the ballots (a first ballot). */
export function countBallot(count: RunningCount, previous: BallotState | undefined, next: BallotState): RunningCount {
  let tally = count.tally;
  if (tally) {
    tally = { ...tally };
    if (previous?.choice) tally[previous.choice] -= previous.weight;
    if (next.choice) tally[next.choice] += next.weight;
  }
  return { ballotsCast: count.ballotsCast + (previous ? 0 : 1), tally };
}

/** The running count of ballots (a state written before the count was kept: counted once, here). */
export function countOf(ballots: Ballots, secret: boolean): RunningCount {
  let count = noCount(secret);
  for (const b of ballots.values()) count = countBallot(count, undefined, b);
  return count;
}
