import { z } from 'zod';
import {
  agreementVersionSchema,
  charterSchema,
  clusterEventSchemas,
  coordinatorOffice,
  currentAgreement,
  currentCharter,
  isoDateSchema,
  memberKindSchema,
  organisationSchema,
  representativeSchema,
  type ClusterState,
} from '@klaster/domain';
import { pointInTimeSchema, revisionSchema } from '../../http/contracts';
import { representativeHistorySlice, representativeHistorySliceFields } from './representative-history';

const memberViewSchema = z.object({
  memberId: z.string(),
  organisation: organisationSchema,
  kind: memberKindSchema,
  votingWeight: z.number(),
  status: z.enum(['active', 'withdrawn']),
  founding: z.boolean(),
  admittedOn: isoDateSchema,
  representative: representativeSchema,
  ...representativeHistorySliceFields,
  withdrawal: z.object({ withdrawnOn: isoDateSchema, writtenNoticeRef: z.string() }).nullable(),
});

const coordinatorViewSchema = z
  .object({
    status: z.enum(['held', 'vacant']),
    memberId: z.string().nullable().describe('The coordinating member; null while the office is vacant'),
    organisation: z.string().nullable(),
    since: z.string().nullable().describe('When the coordinator took office (held only)'),
    vacantSince: isoDateSchema.nullable().describe("The day the coordinator's member withdrew (vacant only)"),
    previousMemberId: z.string().nullable().describe('The member that coordinated until it withdrew (vacant only)'),
  })
  .describe("The coordinator's office: held, or vacant since its member withdrew — then nobody acts as the coordinator, and the charter's convenerWhileVacant says who convenes the general meeting that elects a new leader");

export const clusterViewSchema = z
  .object({
    clusterId: z.string(),
    name: z.string(),
    foundedOn: isoDateSchema,
    timeZone: z.string(),
    revision: revisionSchema,
    coordinator: coordinatorViewSchema,
    charter: charterSchema.extend({ version: z.number().int() }).describe('The charter version in force'),
    agreement: z.object({ version: z.number().int(), title: z.string(), textHash: z.string(), inForceSince: isoDateSchema.nullable() }),
    members: z.array(memberViewSchema),
    auditors: z.array(z.object({ personId: z.string(), since: z.string() })),
    registrars: z.array(z.object({ personId: z.string(), since: z.string() })),
    signatures: z.array(clusterEventSchemas.AgreementSigned),
    pointInTime: pointInTimeSchema.optional(),
  })
  .meta({ id: 'Cluster' });
export type ClusterView = z.output<typeof clusterViewSchema>;

/** What a reader of a cluster sees: its state, with positions and revisions as decimal strings. */
export function clusterView(state: ClusterState, revision: bigint | undefined): ClusterView {
  const agreement = currentAgreement(state);
  const charter = currentCharter(state);
  return {
    clusterId: state.clusterId,
    name: state.name,
    foundedOn: state.foundedOn,
    timeZone: state.timeZone,
    revision: revision?.toString() ?? null,
    coordinator: coordinatorView(state),
    charter: { version: charter.version, ...charter.charter },
    agreement: { version: agreement.version, title: agreement.title, textHash: agreement.textHash, inForceSince: agreement.inForceSince ?? null },
    members: Object.values(state.members).map((m) => ({
      memberId: m.memberId,
      organisation: m.organisation,
      kind: m.kind,
      votingWeight: m.votingWeight,
      status: m.status,
      founding: m.founding,
      admittedOn: m.admittedOn,
      representative: m.representative,
      ...representativeHistorySlice(m),
      withdrawal: m.withdrawal ?? null,
    })),
    auditors: Object.entries(state.auditors).map(([personId, a]) => ({ personId, since: a.since })),
    registrars: Object.entries(state.registrars).map(([personId, r]) => ({ personId, since: r.since })),
    signatures: state.signatures,
  };
}

/**
 * The coordinator's office: held by a member since it took office, or vacant since the day its member
 * withdrew — then nobody acts as the coordinator, and the charter's `convenerWhileVacant` says who
 * convenes the general meeting that elects a new leader.
 */
function coordinatorView(state: ClusterState): ClusterView['coordinator'] {
  const office = coordinatorOffice(state);
  if (office.status === 'held') {
    return { status: office.status, memberId: office.memberId, organisation: state.members[office.memberId].organisation.name, since: office.since, vacantSince: null, previousMemberId: null };
  }
  return { status: office.status, memberId: null, organisation: null, since: null, vacantSince: office.vacantSince, previousMemberId: office.lastMemberId };
}

export const clusterListItemSchema = z.object({ clusterId: z.string(), name: z.string(), foundedOn: isoDateSchema, members: z.number().int().describe('How many members it has had (withdrawn ones too)') });
export type ClusterListItem = z.output<typeof clusterListItemSchema>;

/** GET /api/clusters/{id}/agreement: the current text, its hash and the exact message a signatory signs. */
export const currentAgreementSchema = agreementVersionSchema
  .extend({
    inForceSince: isoDateSchema.optional().describe('Absent while this version is not yet in force'),
    signingMessage: z.string().describe('What a signatory signs with an Ed25519 key: klaster-agreement:<clusterId>:v<version>:<textHash>'),
    pointInTime: pointInTimeSchema.optional(),
  })
  .meta({ id: 'CurrentAgreement' });
export type CurrentAgreementView = z.output<typeof currentAgreementSchema>;
