import { z } from 'zod';
import { NAME_MAX, TITLE_MAX, clusterIdSchema, idSchema, isoDateSchema, lineOfTextSchema, personIdSchema, type CommandContext } from '../shared/primitives';
import { charterSchema, defaultCharter, defaultVacantOfficeConvener, vacantOfficeConvenerSchema } from './charter';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../shared/time-zone';
import { agreementSectionSchema, agreementTextSchema } from './agreement-text';
import { memberKindSchema, organisationSchema, representativeSchema, sectionChangeSchema } from './cluster.events';
import type { ResolutionFacts } from '../meeting/resolution-facts';
import { invitationCommandBodies } from './invitations.commands';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash, 64 hex digits');
/** The closed vote that decided the act: its meeting and vote ids. */
const resolutionRef = { meetingId: idSchema, voteId: idSchema };

/*
 * What people type in a request — names, titles, roles, section marks — is one line of bounded text
 * (lineOfTextSchema). The event schemas these extend stay as they were, so every stored event reads.
 */
const organisationInput = organisationSchema.extend({ name: lineOfTextSchema(TITLE_MAX) });
const representativeInput = representativeSchema.extend({ role: lineOfTextSchema(NAME_MAX) });
const sectionMark = lineOfTextSchema(20);
const agreementTextInput = agreementTextSchema.extend({
  title: lineOfTextSchema(500),
  sections: z.array(agreementSectionSchema.extend({ number: sectionMark, title: lineOfTextSchema(TITLE_MAX, { min: 0 }).default('') })).min(1).max(200),
});
const charterFields = charterSchema.extend({
  bodies: z.object({
    council: lineOfTextSchema(NAME_MAX),
    generalMeeting: lineOfTextSchema(NAME_MAX),
    coordinator: lineOfTextSchema(NAME_MAX),
    workingGroup: lineOfTextSchema(NAME_MAX),
  }),
});
/** A charter given at founding: a client that does not know `convenerWhileVacant` gets its default. */
const charterInput = charterFields.extend({
  convenerWhileVacant: vacantOfficeConvenerSchema
    .default(defaultVacantOfficeConvener)
    .describe("Who convenes the general meeting that elects a new leader once the coordinator's member withdrew: any voting member's representative (default), or a named member's"),
});
/** The fields an amendment changes: none defaulted, or an amendment would reset what it does not name. */
const charterChangeInput = charterFields.partial();
const sectionChangeInput = z.discriminatedUnion('kind', [
  sectionChangeSchema.options[0].extend({ section: sectionMark, title: lineOfTextSchema(TITLE_MAX, { min: 0 }).optional() }),
  sectionChangeSchema.options[1].extend({ section: sectionMark, title: lineOfTextSchema(TITLE_MAX, { min: 0 }).default('') }),
  sectionChangeSchema.options[2].extend({ section: sectionMark }),
]);

const memberSchema = z.object({
  memberId: idSchema,
  organisation: organisationInput,
  kind: memberKindSchema.default('ordinary'),
  votingWeight: z.number().positive().max(1_000).default(1),
  representative: representativeInput,
});

/** Request bodies, one per command; the HTTP layer validates them and OpenAPI is generated from them. */
export const clusterCommandBodies = {
  FoundCluster: z.object({
    clusterId: clusterIdSchema,
    name: lineOfTextSchema(TITLE_MAX),
    foundedOn: isoDateSchema,
    coordinatorMemberId: idSchema.describe('Which of the founding members coordinates the cluster'),
    foundingMembers: z.array(memberSchema).min(1).max(500),
    agreement: agreementTextInput,
    charter: charterInput.default(defaultCharter),
    timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE).describe("The cluster's IANA time zone: its days, resolution years and deadlines are judged there"),
  }),
  ChangeTimeZone: z.object({ timeZone: timeZoneSchema }),
  AdmitMember: memberSchema.extend({ admittedOn: isoDateSchema }),
  ChangeRepresentative: z.object({ representative: representativeInput }),
  WithdrawMember: z.object({
    withdrawnOn: isoDateSchema,
    writtenNoticeRef: lineOfTextSchema(TITLE_MAX).describe('Reference to the written notice of withdrawal'),
  }),
  AppointCoordinator: z.object({ memberId: idSchema }),
  AppointAuditor: z.object({ personId: personIdSchema }),
  RevokeAuditor: z.object({ reason: z.string().max(500).optional() }),
  AppointRegistrar: z.object({ personId: personIdSchema.describe('Who will enter the cluster\'s past acts (read access, and recording after the fact)') }),
  RevokeRegistrar: z.object({ reason: z.string().max(500).optional() }),
  RegisterSigningKey: z.object({
    keyId: lineOfTextSchema(100),
    publicKey: z.string().min(1).max(2_000).describe('Ed25519 public key: PEM (SPKI) or base64 of the raw 32 bytes'),
  }),
  SignAgreement: z.object({
    textHash: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 (hex) of the agreement text being signed'),
    role: lineOfTextSchema(NAME_MAX).optional().describe("The signer's role; defaults to the one registered"),
    signature: z
      .object({ keyId: z.string().min(1), value: z.string().min(1).describe('base64 Ed25519 signature of signingMessage') })
      .optional(),
  }),
  ProposeAmendment: z.object({
    amendmentId: idSchema,
    memberId: idSchema.describe('The member on whose behalf the amendment is proposed'),
    change: sectionChangeInput,
    charterChange: charterChangeInput.optional().describe('Charter fields this amendment replaces'),
    rationale: z.string().min(1).max(20_000),
  }),
  WithdrawAmendment: z.object({}).strict(),
  AdoptAmendment: z.object({ ...resolutionRef, effectiveOn: isoDateSchema }),
  RejectAmendment: z.object(resolutionRef),
  SubmitAnnualReport: z.object({ year: z.number().int().min(1990).max(2200), documentHash: sha256, title: lineOfTextSchema(TITLE_MAX) }),
  RecordReportDecision: z.object(resolutionRef),
  RecordAbsolution: z.object(resolutionRef),
  RecordActionPlan: z.object({ ...resolutionRef, documentHash: sha256 }),
  RecordThematicNetworksEvaluation: z.object({ ...resolutionRef, summary: z.string().min(1).max(20_000) }),
  InstallElectedLeader: z.object({ electionId: idSchema, memberId: idSchema }),
  ...invitationCommandBodies,
} as const;

type Bodies = typeof clusterCommandBodies;
export type ClusterCommandType = keyof Bodies;

/** A command = its body + the cluster it targets + who acts and when (+ the member or person in the path). */
/** An empty body (`{}`) adds nothing (zod types it as Record<string, never>). */
type BodyOf<S extends z.ZodType> = string extends keyof z.output<S> ? unknown : z.output<S>;

/** Facts the handler reads from other streams: the deciding vote, or the election's outcome. */
interface ClusterFacts {
  resolution?: ResolutionFacts;
  election?: { electionId: string; clusterId: string; electedMemberId: string | null; electedAt?: string };
}

export type ClusterCommand = {
  [K in ClusterCommandType]: { type: K; clusterId: string } & CommandContext & BodyOf<Bodies[K]> & PathParams<K> & ClusterFacts;
}[ClusterCommandType];
export type ClusterCommandOf<K extends ClusterCommandType> = Extract<ClusterCommand, { type: K }>;

type PathParams<K> = K extends 'ChangeRepresentative' | 'WithdrawMember' | 'SignAgreement'
  ? { memberId: string }
  : K extends 'RevokeAuditor' | 'RevokeRegistrar'
    ? { personId: string }
    : K extends 'WithdrawAmendment' | 'AdoptAmendment' | 'RejectAmendment'
      ? { amendmentId: string }
      : K extends 'RecordReportDecision' | 'RecordAbsolution' | 'RecordActionPlan' | 'RecordThematicNetworksEvaluation'
        ? { year: number }
        : unknown;
