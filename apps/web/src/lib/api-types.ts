/**
 * The API's contracts, as the server declares them: every type the page reads or sends comes from
 * here, imported (types only) from the server's views and the domain's zod command schemas, so a
 * change on the server breaks the page's type check instead of silently drifting. Nothing of the
 * server reaches the bundle (`import type` is erased).
 */
import type { z } from 'zod';
import type { AmendmentState, AnnualCycleState, clusterCommandBodies, electionCommandBodies, groupCommandBodies, meetingCommandBodies, ResolutionRegisterState } from '@klaster/domain';
import type { ClusterView } from '@server/clusters/queries/cluster.view';
import type { agreementHistory } from '@server/clusters/queries/agreement-history';
import type { MeetingSummary, MeetingView } from '@server/meetings/queries/meeting.view';
import type { GroupView, groupSummary } from '@server/groups/queries/group.view';
import type { electionView } from '@server/elections/queries/election.view';
import type { LiveFragment, LiveMessage } from '@server/live/live-fragments';
import type { JoinAck } from '@server/live/live.gateway';
import type { ErrorBody } from '@server/http/error.filter';
import type { CommandResponseBody } from '@server/http/command-response';
import type { RecordedAct } from '@server/reads/recorded-acts';
import type { seed004People } from '@server/demo/seed-004';
import type { inbox } from '@klaster/projections/read-models/inbox';
import type { compliance } from '@klaster/projections/read-models/compliance';

export type { ClusterView, MeetingView, MeetingSummary, GroupView, LiveFragment, LiveMessage, JoinAck, CommandResponseBody, RecordedAct };

/** Time travel: a past answer also says which point it is. */
export type PointInTime = { pointInTime?: { asOf: string } | { atPosition: string } };
export type ClusterAtPoint = ClusterView & PointInTime;
export type ClusterMember = ClusterView['members'][number];
export type ClusterListItem = { clusterId: string; name: string; foundedOn: string; members: number };
export type AgreementVersion = ReturnType<typeof agreementHistory>[number];
export type MeetingVote = MeetingView['votes'][number];
export type Ballot = NonNullable<MeetingVote['ballots']>[number];
export type GroupSummary = ReturnType<typeof groupSummary>;
export type GroupTask = GroupView['tasks'][number];
export type ElectionView = ReturnType<typeof electionView>;
export type ElectionBody<K extends keyof typeof electionCommandBodies> = z.input<(typeof electionCommandBodies)[K]>;
export type Inbox = ReturnType<typeof inbox>;
export type Compliance = ReturnType<typeof compliance>;
export type ResolutionEntry = ResolutionRegisterState[number];
export type DemoPerson = (typeof seed004People)[number];
export type PersonDetails = { personId: string; displayName: string; email?: string | null; phone?: string | null; erasedAt?: string | null };

/** The error body; `code` is the stable code servers are gaining (translate it; fall back to `message`). */
export type ApiErrorBody = ErrorBody & { code?: string };

/** The fragment of each live view, by its `view`. */
export type FragmentOf<V extends LiveFragment['view']> = Extract<LiveFragment, { view: V }>;

/** Request bodies, from the same zod schemas the server validates with. */
type In<S extends z.ZodType> = z.input<S>;
export type MeetingBody<K extends keyof typeof meetingCommandBodies> = In<(typeof meetingCommandBodies)[K]>;
export type GroupBody<K extends keyof typeof groupCommandBodies> = In<(typeof groupCommandBodies)[K]>;
export type ClusterBody<K extends keyof typeof clusterCommandBodies> = In<(typeof clusterCommandBodies)[K]>;
export type Choice = MeetingBody<'CastBallot'>['choice'];
export type MeetingKind = MeetingBody<'ConveneMeeting'>['kind'];
export type Sector = ClusterMember['organisation']['sector'];
/** GET /api/clusters/{id}/agreement: the current version and the exact message a signatory signs. */
export type CurrentAgreement = Omit<AgreementVersion, 'amendment' | 'diff'> & { signingMessage: string } & PointInTime;
export type Signature = ClusterView['signatures'][number];
/** GET /api/clusters/{id}/amendments and …/annual-cycles: the cluster's own states, as the server returns them. */
export type Amendment = AmendmentState;
export type AnnualCycle = AnnualCycleState;

/** Sign-in (apps/server/src/identity): invitations, passkeys, sessions. */
export type { InvitationPreview, OpenInvitation } from '@server/identity/invitations.service';
export type { SignedIn } from '@server/identity/sessions.service';
export type IssueInvitationBody = z.input<typeof import('@server/identity/identity.schemas').issueInvitationBody>;
export type InvitationRole = IssueInvitationBody['role'];
/** POST /api/clusters/{id}/invitations: the command's answer and the link, shown once. */
export type IssuedInvitation = CommandResponseBody & { invitation: { invitationId: string; role: InvitationRole; memberId: string | null; expiresAt: string; token: string; link: string; emailed: boolean } };
export type Device = { credentialId: string; label: string; createdAt: string; lastUsedAt: string | null };
export type SignInMethods = { passkeys: true; oidc: { name: string } | null };

/** The auditors' tools (apps/server/src/audit): the trail, seals, the verification of the record. */
export type { TrailEntry, TrailPage } from '@klaster/audit';
export type { VerificationView } from '@server/audit/verification-jobs';
export type TrailFiltersQuery = import('@server/audit/audit-queries').TrailFiltersQuery;
/** GET …/audit/seals/latest: the seal, where it sits in the log, and the server's public key when it signs. */
export type LatestSeal = ReturnType<typeof import('@server/audit/audit.controller').sealView> & { publicKey: string | null };
