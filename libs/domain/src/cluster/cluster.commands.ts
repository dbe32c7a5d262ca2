import { z } from 'zod';
import { clusterIdSchema, idSchema, isoDateSchema, personIdSchema, type CommandContext } from '../shared/primitives';
import { charterSchema, defaultCharter } from './charter';
import { agreementTextSchema } from './agreement-text';
import { memberKindSchema, organisationSchema, representativeSchema, sectionChangeSchema } from './cluster.events';
import type { ResolutionFacts } from '../meeting/resolution-facts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash, 64 hex digits');
/** The closed vote that decided the act: its meeting and vote ids. */
const resolutionRef = { meetingId: idSchema, voteId: idSchema };

const memberSchema = z.object({
  memberId: idSchema,
  organisation: organisationSchema,
  kind: memberKindSchema.default('ordinary'),
  votingWeight: z.number().positive().max(1_000).default(1),
  representative: representativeSchema,
});

/** Request bodies, one per command; the HTTP layer validates them and OpenAPI is generated from them. */
export const clusterCommandBodies = {
  FoundCluster: z.object({
    clusterId: clusterIdSchema,
    name: z.string().min(1).max(300),
    foundedOn: isoDateSchema,
    coordinatorMemberId: idSchema.describe('Which of the founding members coordinates the cluster'),
    foundingMembers: z.array(memberSchema).min(1).max(500),
    agreement: agreementTextSchema,
    charter: charterSchema.default(defaultCharter),
  }),
  AdmitMember: memberSchema.extend({ admittedOn: isoDateSchema }),
  ChangeRepresentative: z.object({ representative: representativeSchema }),
  WithdrawMember: z.object({
    withdrawnOn: isoDateSchema,
    writtenNoticeRef: z.string().min(1).max(300).describe('Reference to the written notice of withdrawal'),
  }),
  AppointCoordinator: z.object({ memberId: idSchema }),
  AppointAuditor: z.object({ personId: personIdSchema }),
  RevokeAuditor: z.object({ reason: z.string().max(500).optional() }),
  RegisterSigningKey: z.object({
    keyId: z.string().min(1).max(100),
    publicKey: z.string().min(1).max(2_000).describe('Ed25519 public key: PEM (SPKI) or base64 of the raw 32 bytes'),
  }),
  SignAgreement: z.object({
    textHash: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 (hex) of the agreement text being signed'),
    role: z.string().min(1).max(200).optional().describe("The signer's role; defaults to the one registered"),
    signature: z
      .object({ keyId: z.string().min(1), value: z.string().min(1).describe('base64 Ed25519 signature of signingMessage') })
      .optional(),
  }),
  ProposeAmendment: z.object({
    amendmentId: idSchema,
    memberId: idSchema.describe('The member on whose behalf the amendment is proposed'),
    change: sectionChangeSchema,
    charterChange: charterSchema.partial().optional().describe('Charter fields this amendment replaces'),
    rationale: z.string().min(1).max(20_000),
  }),
  WithdrawAmendment: z.object({}).strict(),
  AdoptAmendment: z.object({ ...resolutionRef, effectiveOn: isoDateSchema }),
  RejectAmendment: z.object(resolutionRef),
  SubmitAnnualReport: z.object({ year: z.number().int().min(1990).max(2200), documentHash: sha256, title: z.string().min(1).max(300) }),
  RecordReportDecision: z.object(resolutionRef),
  RecordAbsolution: z.object(resolutionRef),
  RecordActionPlan: z.object({ ...resolutionRef, documentHash: sha256 }),
  RecordThematicNetworksEvaluation: z.object({ ...resolutionRef, summary: z.string().min(1).max(20_000) }),
  InstallElectedLeader: z.object({ electionId: idSchema, memberId: idSchema }),
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
  : K extends 'RevokeAuditor'
    ? { personId: string }
    : K extends 'WithdrawAmendment' | 'AdoptAmendment' | 'RejectAmendment'
      ? { amendmentId: string }
      : K extends 'RecordReportDecision' | 'RecordAbsolution' | 'RecordActionPlan' | 'RecordThematicNetworksEvaluation'
        ? { year: number }
        : unknown;
