import type { DecisionRule, MajorityRule, QuorumRule } from '../cluster/charter';

export type Choice = 'yes' | 'no' | 'abstain';

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

export interface Voter {
  memberId: string;
  weight: number;
}

export interface QuorumResult {
  rule: QuorumRule;
  /** Members (or weight) entitled to vote, and how many of them were present or represented. */
  entitled: number;
  present: number;
  reached: boolean;
}

/** Sums each member's counted choice, by weight (weight 1 each when the charter has no weights). */
export function tally(choices: { choice: Choice; weight: number }[]): Tally {
  const t: Tally = { yes: 0, no: 0, abstain: 0 };
  for (const { choice, weight } of choices) t[choice] += weight;
  return t;
}

/** Quorum: none, or a fraction of voting members (or of voting weight) present or represented. */
export function evaluateQuorum(rule: QuorumRule, entitled: Voter[], presentIds: ReadonlySet<string>): QuorumResult {
  return quorumOfCount(rule, entitled, quorumMeasure(rule, entitled.filter((v) => presentIds.has(v.memberId))));
}

/**
 * What a quorum counts: members, or their voting weight under a weight quorum (a rule of `none`
 * counts members, to report how many were there).
 */
export const quorumMeasure = (rule: QuorumRule, voters: Voter[]): number => (rule.kind === 'fraction_of_weight' ? sum(voters.map((v) => v.weight)) : voters.length);

/** The quorum judged on a count of those present (as old minutes give it) rather than on their names. */
export function quorumOfCount(rule: QuorumRule, entitled: Voter[], present: number): QuorumResult {
  const of = quorumMeasure(rule, entitled);
  if (rule.kind === 'none') return { rule, entitled: of, present, reached: true };
  // "At least the fraction": exactly half present meets a one-half quorum. The epsilon absorbs 1/3-style fractions.
  return { rule, entitled: of, present, reached: of > 0 && present >= rule.fraction * of - 1e-9 };
}

/**
 * Whether the motion carries under a majority rule. `allEntitledWeight` is the weight of every member
 * entitled to vote, present or not (for the absolute majority of all voting members).
 */
export function majorityReached(rule: MajorityRule, t: Tally, allEntitledWeight: number): boolean {
  const cast = t.yes + t.no + t.abstain;
  switch (rule) {
    case 'simple':
      return t.yes > t.no;
    case 'absolute_of_cast':
      return t.yes > cast / 2;
    case 'absolute_of_members':
      return t.yes > allEntitledWeight / 2;
    case 'two_thirds_of_cast':
      // Integer-safe "at least two thirds": 3·yes ≥ 2·cast.
      return cast > 0 && 3 * t.yes >= 2 * cast;
    case 'unanimity':
      return cast > 0 && t.yes === cast;
  }
}

export function evaluateVote(rule: DecisionRule, t: Tally, entitled: Voter[], presentIds: ReadonlySet<string>) {
  return judged(rule, t, entitled, evaluateQuorum(rule.quorum, entitled, presentIds));
}

/** A vote known only by its counts (from minutes): the quorum from how many were present, the majority from the tally. */
export function evaluateCountedVote(rule: DecisionRule, t: Tally, entitled: Voter[], present: number) {
  return judged(rule, t, entitled, quorumOfCount(rule.quorum, entitled, present));
}

function judged(rule: DecisionRule, t: Tally, entitled: Voter[], quorum: QuorumResult) {
  const majority = majorityReached(rule.majority, t, sum(entitled.map((v) => v.weight)));
  return { quorum, adopted: quorum.reached && majority };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Why counts taken from minutes cannot be a vote's, if they cannot: more votes than voters, more
 * present than entitled, more votes than those present (when both count the same thing), or fractions
 * of a member. Votes count weight where the charter weighs votes; `present`, weight under a weight quorum.
 */
export function countsProblem(rule: DecisionRule, weightedVoting: boolean, t: Tally, present: number, entitled: Voter[]): string | undefined {
  const cast = t.yes + t.no + t.abstain;
  const byWeight = rule.quorum.kind === 'fraction_of_weight';
  if (!weightedVoting && ![t.yes, t.no, t.abstain].every(Number.isInteger)) return 'votes are whole numbers where the charter does not weigh them';
  if (!byWeight && !Number.isInteger(present)) return 'those present are a whole number of members';
  const voters = weightedVoting ? sum(entitled.map((v) => v.weight)) : entitled.length;
  if (cast > voters) return `${cast} votes cast, but the entitled voters have ${voters}`;
  const entitledPresent = quorumMeasure(rule.quorum, entitled);
  if (present > entitledPresent) return `${present} present, but only ${entitledPresent} were entitled to vote`;
  if (weightedVoting === byWeight && cast > present) return `${cast} votes cast by ${present} present`;
  return undefined;
}
