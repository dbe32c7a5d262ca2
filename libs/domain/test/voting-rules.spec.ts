import { evaluateQuorum, majorityReached, tally, type Voter } from '../src/meeting/voting-rules';

const t = (yes: number, no: number, abstain: number) => ({ yes, no, abstain });
const voters = (n: number, weight = 1): Voter[] => Array.from({ length: n }, (_, i) => ({ memberId: `m${i}`, weight }));

describe('majority rules', () => {
  it.each([
    // rule, yes, no, abstain, all-members weight, carries
    ['simple', 3, 2, 5, 10, true],
    ['simple', 2, 2, 0, 10, false], // a tie fails
    ['simple', 0, 0, 4, 10, false], // all abstain
    ['absolute_of_cast', 3, 2, 1, 10, false], // 3 of 6 is exactly half: not more than half
    ['absolute_of_cast', 4, 2, 1, 10, true],
    ['absolute_of_cast', 0, 0, 3, 10, false],
    ['absolute_of_members', 5, 0, 0, 10, false], // exactly half of all members
    ['absolute_of_members', 6, 0, 0, 10, true],
    ['two_thirds_of_cast', 2, 1, 0, 10, true], // exactly two thirds
    ['two_thirds_of_cast', 6, 3, 1, 10, false], // 6 of 10 < 2/3
    ['two_thirds_of_cast', 0, 0, 0, 10, false],
    ['unanimity', 5, 0, 0, 10, true],
    ['unanimity', 5, 0, 1, 10, false], // an abstention breaks unanimity
    ['unanimity', 0, 0, 0, 10, false],
  ] as const)('%s with %i yes, %i no, %i abstain (of %i) → %s', (rule, yes, no, abstain, all, carries) => {
    expect(majorityReached(rule, t(yes, no, abstain), all)).toBe(carries);
  });

  it('counts weights', () => {
    expect(tally([{ choice: 'yes', weight: 3 }, { choice: 'no', weight: 1 }, { choice: 'no', weight: 1 }])).toEqual(t(3, 2, 0));
    expect(majorityReached('simple', t(3, 2, 0), 5)).toBe(true);
  });
});

describe('quorum', () => {
  it('is reached with exactly half present for a one-half quorum, and not one below', () => {
    const rule = { kind: 'fraction_of_members', fraction: 0.5 } as const;
    expect(evaluateQuorum(rule, voters(10), new Set(['m0', 'm1', 'm2', 'm3', 'm4'])).reached).toBe(true);
    expect(evaluateQuorum(rule, voters(10), new Set(['m0', 'm1', 'm2', 'm3'])).reached).toBe(false);
  });

  it('weighs presence by voting weight when the rule says so', () => {
    const entitled = [{ memberId: 'big', weight: 6 }, ...voters(4)];
    const rule = { kind: 'fraction_of_weight', fraction: 0.5 } as const;
    expect(evaluateQuorum(rule, entitled, new Set(['big'])).reached).toBe(true);
    expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, entitled, new Set(['big'])).reached).toBe(false);
  });

  it('ignores present people who are not entitled, and needs nothing under "none"', () => {
    expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, voters(2), new Set(['honorary', 'm0'])).present).toBe(1);
    expect(evaluateQuorum({ kind: 'none' }, voters(5), new Set()).reached).toBe(true);
  });

  it('is never reached under a fraction rule when nobody is entitled (nothing to be a fraction of)', () => {
    expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, [], new Set())).toEqual({ rule: { kind: 'fraction_of_members', fraction: 0.5 }, entitled: 0, present: 0, reached: false });
    expect(evaluateQuorum({ kind: 'fraction_of_weight', fraction: 0.1 }, [], new Set(['m0'])).reached).toBe(false);
  });
});
