import { z } from 'zod';
import { idSchema, isoDateSchema, personIdSchema, type CommandContext } from '../shared/primitives';
import { charterSchema, defaultCharter } from './charter';
import { agreementTextSchema } from './agreement-text';
import { memberKindSchema, organisationSchema, representativeSchema } from './cluster.events';

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
    clusterId: idSchema,
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
} as const;

type Bodies = typeof clusterCommandBodies;
export type ClusterCommandType = keyof Bodies;

/** A command = its body + the cluster it targets + who acts and when (+ the member or person in the path). */
export type ClusterCommand = {
  [K in ClusterCommandType]: { type: K; clusterId: string } & CommandContext & z.output<Bodies[K]> & PathParams<K>;
}[ClusterCommandType];
export type ClusterCommandOf<K extends ClusterCommandType> = Extract<ClusterCommand, { type: K }>;

type PathParams<K> = K extends 'ChangeRepresentative' | 'WithdrawMember' | 'SignAgreement'
  ? { memberId: string }
  : K extends 'RevokeAuditor'
    ? { personId: string }
    : unknown;
