import { z } from 'zod';
import { idSchema, isoDateSchema, isoInstantSchema, personIdSchema } from '../shared/primitives';
import { charterSchema } from './charter';
import { agreementSectionSchema } from './agreement-text';
import { resolutionRefSchema } from '../meeting/meeting.events';
import { invitationEventSchemas } from './invitations.events';

export const sectors = ['local_government', 'business', 'social_economy', 'research_university', 'business_support', 'other'] as const;
export const sectorSchema = z.enum(sectors);
export const memberKindSchema = z.enum(['ordinary', 'honorary']);

export const organisationSchema = z.object({ name: z.string().min(1).max(300), sector: sectorSchema });
export const representativeSchema = z.object({ personId: personIdSchema, role: z.string().min(1).max(200) });
export type Representative = z.infer<typeof representativeSchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash, 64 hex digits');

/** Which resolution decided an act: the meeting, the vote and its number. */
const byResolution = { meetingId: idSchema, voteId: idSchema, resolution: resolutionRefSchema };

/** An amendment changes one § of the current text: replaces it, adds a new one, or removes it. */
export const sectionChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replace'), section: z.string().min(1), title: z.string().max(300).optional(), text: z.string().min(1).max(100_000) }),
  z.object({ kind: z.literal('add'), section: z.string().min(1), title: z.string().max(300).default(''), text: z.string().min(1).max(100_000) }),
  z.object({ kind: z.literal('remove'), section: z.string().min(1) }),
]);
export type SectionChange = z.infer<typeof sectionChangeSchema>;

export const agreementVersionSchema = z.object({
  version: z.number().int().positive(),
  title: z.string(),
  sections: z.array(agreementSectionSchema),
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Event data schemas, keyed by event type. Validated when written and when read. */
export const clusterEventSchemas = {
  ClusterFounded: z.object({
    clusterId: idSchema,
    name: z.string().min(1),
    foundedOn: isoDateSchema,
    coordinatorMemberId: idSchema,
    charter: charterSchema,
    agreement: agreementVersionSchema,
    /** The cluster's IANA zone; founded before zones were recorded: Europe/Warsaw. */
    timeZone: z.string().optional(),
  }),
  TimeZoneChanged: z.object({ timeZone: z.string(), previous: z.string() }),
  RegistrarAppointed: z.object({ personId: personIdSchema, appointedAt: isoInstantSchema }),
  RegistrarRevoked: z.object({ personId: personIdSchema, revokedAt: isoInstantSchema, reason: z.string().optional() }),
  MemberAdmitted: z.object({
    memberId: idSchema,
    organisation: organisationSchema,
    kind: memberKindSchema,
    votingWeight: z.number().positive(),
    representative: representativeSchema,
    admittedOn: isoDateSchema,
    founding: z.boolean(),
  }),
  CoordinatorAppointed: z.object({ memberId: idSchema, appointedAt: isoInstantSchema, electionId: idSchema.optional() }),
  RepresentativeChanged: z.object({
    memberId: idSchema,
    previous: representativeSchema,
    representative: representativeSchema,
    effectiveAt: isoInstantSchema,
  }),
  MemberWithdrew: z.object({ memberId: idSchema, withdrawnOn: isoDateSchema, writtenNoticeRef: z.string().min(1) }),
  AuditorAppointed: z.object({ personId: personIdSchema, appointedAt: isoInstantSchema }),
  AuditorRevoked: z.object({ personId: personIdSchema, revokedAt: isoInstantSchema, reason: z.string().optional() }),
  SigningKeyRegistered: z.object({ personId: personIdSchema, keyId: z.string().min(1), publicKey: z.string().min(1) }),
  AgreementSigned: z.object({
    version: z.number().int().positive(),
    textHash: z.string(),
    memberId: idSchema,
    personId: personIdSchema,
    role: z.string(),
    organisation: z.string(),
    signedAt: isoInstantSchema,
    signature: z.object({ keyId: z.string(), value: z.string() }).optional(),
  }),
  AgreementEnteredIntoForce: z.object({ version: z.number().int().positive(), effectiveOn: isoDateSchema }),

  AmendmentProposed: z.object({
    amendmentId: idSchema,
    baseVersion: z.number().int().positive(),
    change: sectionChangeSchema,
    charterChange: charterSchema.partial().optional(),
    rationale: z.string(),
    proposedBy: z.object({ memberId: idSchema, personId: personIdSchema }),
    proposedAt: isoInstantSchema,
  }),
  AmendmentWithdrawn: z.object({ amendmentId: idSchema, withdrawnAt: isoInstantSchema }),
  AmendmentAdopted: z.object({ amendmentId: idSchema, ...byResolution, agreementVersion: z.number().int().positive(), effectiveOn: isoDateSchema }),
  AmendmentRejected: z.object({ amendmentId: idSchema, ...byResolution }),
  /** A new consolidated version of the agreement; every earlier version stays readable. */
  AgreementVersionAdopted: agreementVersionSchema.extend({ effectiveOn: isoDateSchema, amendmentId: idSchema }),
  CharterAmended: z.object({ version: z.number().int().positive(), charter: charterSchema, amendmentId: idSchema, effectiveOn: isoDateSchema }),

  AnnualReportSubmitted: z.object({ year: z.number().int(), documentHash: sha256, title: z.string(), submittedBy: personIdSchema, submittedAt: isoInstantSchema }),
  AnnualReportAccepted: z.object({ year: z.number().int(), ...byResolution }),
  AnnualReportRejected: z.object({ year: z.number().int(), ...byResolution }),
  AbsolutionGranted: z.object({ year: z.number().int(), ...byResolution }),
  AbsolutionRefused: z.object({ year: z.number().int(), ...byResolution }),
  ActionPlanAdopted: z.object({ year: z.number().int(), documentHash: sha256, ...byResolution }),
  ActionPlanRejected: z.object({ year: z.number().int(), documentHash: sha256, ...byResolution }),
  ThematicNetworksEvaluated: z.object({ year: z.number().int(), summary: z.string(), outcome: z.enum(['adopted', 'rejected']), ...byResolution }),
  ...invitationEventSchemas,
} as const;

type Schemas = typeof clusterEventSchemas;
export type ClusterEventType = keyof Schemas;
export type ClusterEvent = { [K in ClusterEventType]: { type: K; data: z.infer<Schemas[K]> } }[ClusterEventType];
export type ClusterEventOf<K extends ClusterEventType> = Extract<ClusterEvent, { type: K }>;

export const clusterEventTypes = Object.keys(clusterEventSchemas) as ClusterEventType[];

export function isClusterEventType(type: string): type is ClusterEventType {
  return Object.prototype.hasOwnProperty.call(clusterEventSchemas, type);
}

/** Validates an event read from (or about to be written to) a cluster stream. */
export function parseClusterEvent(type: string, data: unknown): ClusterEvent {
  if (!isClusterEventType(type)) throw new Error(`Unknown cluster event type '${type}'`);
  return { type, data: clusterEventSchemas[type].parse(data) } as ClusterEvent;
}
