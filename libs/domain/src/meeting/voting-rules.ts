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
  const present = entitled.filter((v) => presentIds.has(v.memberId));
  if (rule.kind === 'none') return { rule, entitled: entitled.length, present: present.length, reached: true };
  const measure = (voters: Voter[]) => (rule.kind === 'fraction_of_weight' ? sum(voters.map((v) => v.weight)) : voters.length);
  const [of, here] = [measure(entitled), measure(present)];
  // "At least the fraction": exactly half present meets a one-half quorum. The epsilon absorbs 1/3-style fractions.
  return { rule, entitled: of, present: here, reached: of > 0 && here >= rule.fraction * of - 1e-9 };
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
  const quorum = evaluateQuorum(rule.quorum, entitled, presentIds);
  const majority = majorityReached(rule.majority, t, sum(entitled.map((v) => v.weight)));
  return { quorum, adopted: quorum.reached && majority };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
