import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import {
  agreementVersionSchema,
  charterSchema,
  isoDateSchema,
  resolutionRefSchema,
  sectionChangeSchema,
  type AgreementSection,
  type AmendmentState,
  type AnnualCycleState,
  type ClusterState,
} from '@klaster/domain';

const plain = (sections: AgreementSection[]) => sections.map((s) => `${s.number} ${s.title}\n${s.text}\n`).join('\n');

export const agreementVersionViewSchema = agreementVersionSchema
  .extend({
    inForceSince: isoDateSchema.optional(),
    amendment: z.object({ amendmentId: z.string(), rationale: z.string(), decidedBy: resolutionRefSchema.optional() }).nullable().describe('The amendment that made this version; null for the text as concluded'),
    diff: z.string().nullable().describe('A unified diff against the previous version (null for the first)'),
  })
  .meta({ id: 'AgreementVersion' });
export type AgreementVersionView = z.output<typeof agreementVersionViewSchema>;

/** The consolidated text of every version, with the amendment behind it and a diff to the previous one. */
export function agreementHistory(state: ClusterState): AgreementVersionView[] {
  return state.agreements.map((version, i) => {
    const previous = state.agreements[i - 1];
    const amendment = Object.values(state.amendments).find((a) => a.agreementVersion === version.version);
    return {
      ...version,
      amendment: amendment ? { amendmentId: amendment.amendmentId, rationale: amendment.rationale, ...(amendment.decidedBy ? { decidedBy: amendment.decidedBy } : {}) } : null,
      diff: previous ? createTwoFilesPatch(`v${previous.version}`, `v${version.version}`, plain(previous.sections), plain(version.sections)) : null,
    };
  });
}

/** GET /api/clusters/{id}/amendments: each amendment as the cluster records it. */
export const amendmentViewSchema = z
  .object({
    amendmentId: z.string(),
    baseVersion: z.number().int(),
    change: sectionChangeSchema,
    charterChange: charterSchema.partial().optional(),
    rationale: z.string(),
    proposedBy: z.object({ memberId: z.string(), personId: z.string() }),
    proposedAt: z.string(),
    status: z.enum(['proposed', 'withdrawn', 'adopted', 'rejected']),
    decidedBy: resolutionRefSchema.optional(),
    agreementVersion: z.number().int().optional().describe('The version its adoption made'),
  })
  .meta({ id: 'Amendment' }) satisfies z.ZodType<AmendmentState>;
export type AmendmentView = z.output<typeof amendmentViewSchema>;

const byResolution = { meetingId: z.string(), voteId: z.string(), resolution: resolutionRefSchema };

/** GET /api/clusters/{id}/annual-cycles: per year, the report and the general meeting's resolutions on it. */
export const annualCycleViewSchema = z
  .object({
    year: z.number().int(),
    report: z.object({ documentHash: z.string(), title: z.string(), submittedAt: z.string() }).optional(),
    reportDecision: z.object({ ...byResolution, accepted: z.boolean() }).optional(),
    absolution: z.object({ ...byResolution, granted: z.boolean() }).optional(),
    actionPlan: z.object({ ...byResolution, documentHash: z.string(), adopted: z.boolean() }).optional(),
    thematicNetworks: z.object({ ...byResolution, summary: z.string(), outcome: z.enum(['adopted', 'rejected']) }).optional(),
  })
  .meta({ id: 'AnnualCycle' }) satisfies z.ZodType<AnnualCycleState>;
export type AnnualCycleView = z.output<typeof annualCycleViewSchema>;
