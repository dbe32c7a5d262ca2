import type { DecisionRule } from '../cluster/charter';
import { evaluateQuorum, majorityReached, type Voter } from '../meeting/voting-rules';
import type { RoundOutcome } from './election.events';
import type { RoundState } from './election.state';

export interface RoundCount {
  /** Per candidate of the round, in the round's order (which is nomination order). */
  counts: { memberId: string; votes: number }[];
  abstain: number;
  cast: number;
  ballots: number;
  quorum: { entitled: number; present: number; reached: boolean };
  outcome: RoundOutcome;
  /** elected: the winner; runoff: the two who go on. */
  elected?: { memberId: string; votes: number };
  runoff?: [string, string];
  /** Why no one was elected, for an inconclusive election. */
  reason?: string;
}

/**
 * Counts a round and judges it. Only ballots of members still entitled when the round closes count.
 *
 * - No quorum (present among entitled, under the rule's quorum) → no_quorum, whatever the ballots.
 * - Normal round: the top candidate is elected if the rule's majority is reached with yes = its
 *   votes, no = votes for the other candidates, abstain = abstentions (so "absolute of votes cast"
 *   means more than half of all ballots, abstentions included). Otherwise the top two go to a runoff;
 *   with one candidate only there is no one to run off against → inconclusive. A round in which no
 *   candidate got a single vote is inconclusive too (there is no "top two" to run off).
 * - Runoff: the candidate with more votes wins; a tie → inconclusive.
 */
export function countRound(round: RoundState, rule: DecisionRule, entitled: Voter[], presentIds: ReadonlySet<string>): RoundCount {
  const entitledIds = new Set(entitled.map((v) => v.memberId));
  const counted = [...round.ballots.values()].filter((b) => entitledIds.has(b.memberId));
  const votesFor = (memberId: string) => sum(counted.filter((b) => b.candidateMemberId === memberId).map((b) => b.weight));
  const counts = round.candidates.map((memberId) => ({ memberId, votes: votesFor(memberId) }));
  const abstain = sum(counted.filter((b) => b.candidateMemberId === null).map((b) => b.weight));
  const cast = sum(counted.map((b) => b.weight));
  const q = evaluateQuorum(rule.quorum, entitled, presentIds);
  const base = { counts, abstain, cast, ballots: counted.length, quorum: { entitled: q.entitled, present: q.present, reached: q.reached } };
  if (!q.reached) return { ...base, outcome: 'no_quorum' };

  // Most votes first; equal votes keep the round's order, which is nomination order — so a tie for
  // second place (or for first) is broken in favour of the candidate nominated earlier.
  const ranked = [...counts].sort((a, b) => b.votes - a.votes);
  const [top, second] = ranked;

  if (round.kind === 'runoff') {
    if (top.votes > second.votes) return { ...base, outcome: 'elected', elected: top };
    return { ...base, outcome: 'inconclusive', reason: `The runoff between ${top.memberId} and ${second.memberId} is tied (${top.votes}:${second.votes})` };
  }
  if (top.votes === 0) return { ...base, outcome: 'inconclusive', reason: 'No votes were cast for any candidate' };
  const strictlyAhead = !second || top.votes > second.votes;
  const majority = majorityReached(rule.majority, { yes: top.votes, no: cast - top.votes - abstain, abstain }, sum(entitled.map((v) => v.weight)));
  if (strictlyAhead && majority) return { ...base, outcome: 'elected', elected: top };
  if (!second) return { ...base, outcome: 'inconclusive', reason: `The only candidate, ${top.memberId}, did not reach the majority (${rule.majority})` };
  return { ...base, outcome: 'runoff', runoff: [top.memberId, second.memberId] };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
