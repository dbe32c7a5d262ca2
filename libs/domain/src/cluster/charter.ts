import { z } from 'zod';
import { idSchema } from '../shared/primitives';

/** The kinds of decision whose quorum and majority the charter fixes. */
export const decisionKinds = [
  'ordinary_resolution',
  'amendment',
  'leader_election',
  'report_acceptance',
  'absolution',
  'action_plan',
  'group_creation',
] as const;
export const decisionKindSchema = z.enum(decisionKinds);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

/**
 * simple: yes > no. absolute_of_cast: yes > half of yes+no+abstain. absolute_of_members: yes > half
 * of all voting members (or weight). two_thirds_of_cast: yes ≥ 2/3 of yes+no+abstain. unanimity: every
 * ballot cast is yes (and at least one).
 */
export const majorityRuleSchema = z.enum(['simple', 'absolute_of_cast', 'absolute_of_members', 'two_thirds_of_cast', 'unanimity']);
export type MajorityRule = z.infer<typeof majorityRuleSchema>;

export const quorumRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('fraction_of_members'), fraction: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('fraction_of_weight'), fraction: z.number().gt(0).max(1) }),
]);
export type QuorumRule = z.infer<typeof quorumRuleSchema>;

export const decisionRuleSchema = z.object({ quorum: quorumRuleSchema, majority: majorityRuleSchema });
export type DecisionRule = z.infer<typeof decisionRuleSchema>;

/**
 * Who convenes the general meeting that elects a new leader while the coordinator's office is vacant
 * (its member withdrew), calls the election and conducts it: any voting member's representative, or
 * the representative of the member the charter names (e.g. the council's deputy chair) — and, should
 * that member have withdrawn or lost its vote, any voting member's, so a cluster can always elect.
 */
export const vacantOfficeConvenerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any_voting_member') }),
  z.object({ kind: z.literal('named_member'), memberId: idSchema }),
]);
export type VacantOfficeConvener = z.infer<typeof vacantOfficeConvenerSchema>;
export const defaultVacantOfficeConvener: VacantOfficeConvener = { kind: 'any_voting_member' };

/** The cluster's rules as data. Changed only by an adopted amendment; every version stays readable. */
export const charterSchema = z.object({
  bodies: z.object({
    council: z.string().min(1),
    generalMeeting: z.string().min(1),
    coordinator: z.string().min(1),
    workingGroup: z.string().min(1),
  }),
  decisionRules: z.object(
    Object.fromEntries(decisionKinds.map((k) => [k, decisionRuleSchema])) as Record<DecisionKind, typeof decisionRuleSchema>,
  ),
  councilMeetingIntervalMonths: z.number().int().min(1).max(24),
  minimumGroupSize: z.number().int().min(1).max(100),
  honoraryMembersAttend: z.boolean(),
  proxiesAllowed: z.boolean(),
  weightedVoting: z.boolean(),
  /** on_conclusion: in force from the founding date; all_founders_signed: once every founding member signed. */
  entryIntoForce: z.enum(['on_conclusion', 'all_founders_signed']),
  /** Charters stored before this field read with the default (upcast): any voting member's representative. */
  convenerWhileVacant: vacantOfficeConvenerSchema,
});
export type Charter = z.infer<typeof charterSchema>;

const simple: DecisionRule = { quorum: { kind: 'fraction_of_members', fraction: 0.5 }, majority: 'simple' };

/** A sensible starting charter, close to the seed agreements (Polish body names). */
export const defaultCharter: Charter = {
  bodies: {
    council: 'Rada Klastra',
    generalMeeting: 'Ogólne Zebranie Członków',
    coordinator: 'Koordynator Klastra',
    workingGroup: 'Grupa Robocza',
  },
  decisionRules: {
    ordinary_resolution: simple,
    amendment: { quorum: { kind: 'fraction_of_members', fraction: 0.5 }, majority: 'two_thirds_of_cast' },
    leader_election: { quorum: { kind: 'fraction_of_members', fraction: 0.5 }, majority: 'absolute_of_cast' },
    report_acceptance: simple,
    absolution: simple,
    action_plan: simple,
    group_creation: simple,
  },
  councilMeetingIntervalMonths: 3,
  minimumGroupSize: 3,
  honoraryMembersAttend: true,
  proxiesAllowed: false,
  weightedVoting: false,
  entryIntoForce: 'on_conclusion',
  convenerWhileVacant: defaultVacantOfficeConvener,
};
