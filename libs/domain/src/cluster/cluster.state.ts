import { DEFAULT_TIME_ZONE } from '../shared/time-zone';
import type { Charter } from './charter';
import { actsForVacantOffice, type MemberForVacancy } from './vacant-office';
import type { ClusterEvent, Representative, SectionChange } from './cluster.events';
import type { ResolutionRef } from '../meeting/meeting.events';
import type { z } from 'zod';
import type { agreementVersionSchema, organisationSchema } from './cluster.events';
import { evolveInvitations, type InvitationState } from './invitations.state';
import { List } from 'immutable';
import { representativeHistoryFrom, type RepresentativeHistory } from './representative-history';

export interface MemberState {
  memberId: string;
  organisation: z.infer<typeof organisationSchema>;
  kind: 'ordinary' | 'honorary';
  votingWeight: number;
  representative: Representative;
  /** Every representative the member has had, with the instant each took over: a persistent list (see representative-history.ts). */
  representativeHistory: RepresentativeHistory;
  admittedOn: string;
  founding: boolean;
  status: 'active' | 'withdrawn';
  withdrawal?: { withdrawnOn: string; writtenNoticeRef: string };
}

export interface AgreementVersionState extends z.infer<typeof agreementVersionSchema> {
  inForceSince?: string;
}

export interface SignatureState {
  version: number;
  textHash: string;
  memberId: string;
  personId: string;
  role: string;
  organisation: string;
  signedAt: string;
  signature?: { keyId: string; value: string };
}

export interface AmendmentState {
  amendmentId: string;
  baseVersion: number;
  change: SectionChange;
  charterChange?: Partial<Charter>;
  rationale: string;
  proposedBy: { memberId: string; personId: string };
  proposedAt: string;
  status: 'proposed' | 'withdrawn' | 'adopted' | 'rejected';
  decidedBy?: ResolutionRef;
  agreementVersion?: number;
}

type ByResolution = { meetingId: string; voteId: string; resolution: ResolutionRef };

/** The annual cycle of year Y: the leader's report, its acceptance, absolution, and the plan for Y+1. */
export interface AnnualCycleState {
  year: number;
  report?: { documentHash: string; title: string; submittedAt: string };
  reportDecision?: ByResolution & { accepted: boolean };
  absolution?: ByResolution & { granted: boolean };
  actionPlan?: ByResolution & { documentHash: string; adopted: boolean };
  thematicNetworks?: ByResolution & { summary: string; outcome: 'adopted' | 'rejected' };
}

export interface ClusterState {
  founded: boolean;
  clusterId: string;
  name: string;
  foundedOn: string;
  coordinatorMemberId: string;
  /** When the current coordinator took office. */
  coordinatorSince: string;
  /** Elections whose leader has been installed: a reactor reacting again installs nothing. */
  leadersInstalledFrom: string[];
  charters: { version: number; charter: Charter }[];
  agreements: AgreementVersionState[];
  members: Record<string, MemberState>;
  auditors: Record<string, { since: string }>;
  /** People the cluster appointed to enter its acts after the fact (they read, and record the past). */
  registrars: Record<string, { since: string }>;
  /** The IANA zone the cluster's days, years and deadlines are judged in. */
  timeZone: string;
  signingKeys: Record<string, Record<string, string>>;
  signatures: SignatureState[];
  amendments: Record<string, AmendmentState>;
  annualCycles: Record<number, AnnualCycleState>;
  /** Invitations issued by the coordinator, open or not (see invitations.state.ts). */
  invitations: Record<string, InvitationState>;
}

export const initialClusterState = (): ClusterState => ({
  founded: false,
  clusterId: '',
  name: '',
  foundedOn: '',
  coordinatorMemberId: '',
  coordinatorSince: '',
  leadersInstalledFrom: [],
  charters: [],
  agreements: [],
  members: {},
  auditors: {},
  registrars: {},
  timeZone: DEFAULT_TIME_ZONE,
  signingKeys: {},
  signatures: [],
  amendments: {},
  annualCycles: {},
  invitations: {},
});

export function evolveCluster(state: ClusterState, event: ClusterEvent): ClusterState {
  switch (event.type) {
    case 'ClusterFounded': {
      const d = event.data;
      return {
        ...state,
        founded: true,
        clusterId: d.clusterId,
        name: d.name,
        foundedOn: d.foundedOn,
        coordinatorMemberId: d.coordinatorMemberId,
        timeZone: d.timeZone ?? DEFAULT_TIME_ZONE,
        charters: [{ version: 1, charter: d.charter }],
        agreements: [{ ...d.agreement }],
      };
    }
    case 'MemberAdmitted': {
      const d = event.data;
      const member: MemberState = {
        ...d,
        representativeHistory: List([{ ...d.representative, from: d.admittedOn }]),
        status: 'active',
      };
      return { ...state, members: { ...state.members, [d.memberId]: member } };
    }
    case 'CoordinatorAppointed': {
      const { memberId, appointedAt, electionId } = event.data;
      const leadersInstalledFrom = electionId ? [...state.leadersInstalledFrom, electionId] : state.leadersInstalledFrom;
      return { ...state, coordinatorMemberId: memberId, coordinatorSince: appointedAt, leadersInstalledFrom };
    }
    case 'RepresentativeChanged': {
      const d = event.data;
      const member = state.members[d.memberId];
      return {
        ...state,
        members: {
          ...state.members,
          [d.memberId]: {
            ...member,
            representative: d.representative,
            // O(log n): the list shares every earlier entry with the version before.
            representativeHistory: member.representativeHistory.push({ ...d.representative, from: d.effectiveAt }),
          },
        },
      };
    }
    case 'MemberWithdrew': {
      const { memberId, withdrawnOn, writtenNoticeRef } = event.data;
      const member = state.members[memberId];
      return {
        ...state,
        members: { ...state.members, [memberId]: { ...member, status: 'withdrawn', withdrawal: { withdrawnOn, writtenNoticeRef } } },
      };
    }
    case 'TimeZoneChanged':
      return { ...state, timeZone: event.data.timeZone };
    case 'RegistrarAppointed':
      return { ...state, registrars: { ...state.registrars, [event.data.personId]: { since: event.data.appointedAt } } };
    case 'RegistrarRevoked': {
      const { [event.data.personId]: _revoked, ...registrars } = state.registrars;
      return { ...state, registrars };
    }
    case 'AuditorAppointed':
      return { ...state, auditors: { ...state.auditors, [event.data.personId]: { since: event.data.appointedAt } } };
    case 'AuditorRevoked': {
      const { [event.data.personId]: _revoked, ...auditors } = state.auditors;
      return { ...state, auditors };
    }
    case 'SigningKeyRegistered': {
      const { personId, keyId, publicKey } = event.data;
      return {
        ...state,
        signingKeys: { ...state.signingKeys, [personId]: { ...state.signingKeys[personId], [keyId]: publicKey } },
      };
    }
    case 'AgreementSigned':
      return { ...state, signatures: [...state.signatures, { ...event.data }] };
    case 'AgreementEnteredIntoForce':
      return {
        ...state,
        agreements: state.agreements.map((a) => (a.version === event.data.version ? { ...a, inForceSince: event.data.effectiveOn } : a)),
      };
    case 'AmendmentProposed': {
      const { amendmentId, ...proposal } = event.data;
      return { ...state, amendments: { ...state.amendments, [amendmentId]: { amendmentId, ...proposal, status: 'proposed' } } };
    }
    case 'AmendmentWithdrawn':
      return withAmendment(state, event.data.amendmentId, { status: 'withdrawn' });
    case 'AmendmentAdopted':
      return withAmendment(state, event.data.amendmentId, { status: 'adopted', decidedBy: event.data.resolution, agreementVersion: event.data.agreementVersion });
    case 'AmendmentRejected':
      return withAmendment(state, event.data.amendmentId, { status: 'rejected', decidedBy: event.data.resolution });
    case 'AgreementVersionAdopted': {
      const { effectiveOn, amendmentId: _a, ...version } = event.data;
      return { ...state, agreements: [...state.agreements, { ...version, inForceSince: effectiveOn }] };
    }
    case 'CharterAmended':
      return { ...state, charters: [...state.charters, { version: event.data.version, charter: event.data.charter }] };
    case 'AnnualReportSubmitted': {
      const { year, documentHash, title, submittedAt } = event.data;
      return withYear(state, year, { report: { documentHash, title, submittedAt } });
    }
    case 'AnnualReportAccepted':
    case 'AnnualReportRejected':
      return withYear(state, event.data.year, { reportDecision: { ...ref(event.data), accepted: event.type === 'AnnualReportAccepted' } });
    case 'AbsolutionGranted':
    case 'AbsolutionRefused':
      return withYear(state, event.data.year, { absolution: { ...ref(event.data), granted: event.type === 'AbsolutionGranted' } });
    case 'ActionPlanAdopted':
    case 'ActionPlanRejected':
      return withYear(state, event.data.year, {
        actionPlan: { ...ref(event.data), documentHash: event.data.documentHash, adopted: event.type === 'ActionPlanAdopted' },
      });
    case 'ThematicNetworksEvaluated':
      return withYear(state, event.data.year, { thematicNetworks: { ...ref(event.data), summary: event.data.summary, outcome: event.data.outcome } });
    case 'InvitationIssued':
    case 'InvitationRevoked':
    case 'InvitationAccepted':
      return { ...state, invitations: evolveInvitations(state.invitations ?? {}, event) };
  }
}

/**
 * A cluster state read back from JSON: each member's history a persistent list again. Changes `state`
 * in place: call it on a freshly decoded document only.
 */
export function reviveClusterState(state: ClusterState): ClusterState {
  for (const member of Object.values(state.members ?? {})) member.representativeHistory = representativeHistoryFrom(member.representativeHistory ?? []);
  return state;
}

const ref = (d: ByResolution): ByResolution => ({ meetingId: d.meetingId, voteId: d.voteId, resolution: d.resolution });

function withAmendment(state: ClusterState, amendmentId: string, change: Partial<AmendmentState>): ClusterState {
  return { ...state, amendments: { ...state.amendments, [amendmentId]: { ...state.amendments[amendmentId], ...change } } };
}

function withYear(state: ClusterState, year: number, change: Partial<AnnualCycleState>): ClusterState {
  return { ...state, annualCycles: { ...state.annualCycles, [year]: { ...state.annualCycles[year], ...change, year } } };
}

// Questions the deciders and the read side ask of a cluster's state.

export const currentAgreement = (state: ClusterState) => state.agreements[state.agreements.length - 1];
export const currentCharter = (state: ClusterState) => state.charters[state.charters.length - 1];

export const activeMembers = (state: ClusterState) => Object.values(state.members).filter((m) => m.status === 'active');

/** The active members this person currently represents (usually one). */
export const membersRepresentedBy = (state: ClusterState, personId: string) =>
  activeMembers(state).filter((m) => m.representative.personId === personId);

export function isCoordinator(state: ClusterState, personId: string): boolean {
  const coordinator = state.members[state.coordinatorMemberId];
  return !!coordinator && coordinator.status === 'active' && coordinator.representative.personId === personId;
}

/**
 * The coordinator's office: held by an active member since it took office, or vacant since the day
 * its member withdrew (until the general meeting elects a new leader). While it is vacant nobody acts
 * as the coordinator.
 */
export type CoordinatorOffice =
  | { status: 'held'; memberId: string; since: string }
  | { status: 'vacant'; vacantSince: string; lastMemberId: string };

export function coordinatorOffice(state: ClusterState): CoordinatorOffice {
  const member = state.members[state.coordinatorMemberId];
  if (member?.status === 'active') return { status: 'held', memberId: member.memberId, since: state.coordinatorSince };
  return { status: 'vacant', vacantSince: member?.withdrawal?.withdrawnOn ?? state.foundedOn, lastMemberId: state.coordinatorMemberId };
}

export const membersForVacancy = (state: ClusterState): MemberForVacancy[] =>
  Object.values(state.members).map((m) => ({ memberId: m.memberId, kind: m.kind, status: m.status, personId: m.representative.personId }));

/** Whether the office is vacant and this person acts for it under the charter in force (see actsForVacantOffice). */
export const actsForVacantOfficeIn = (state: ClusterState, personId: string) =>
  coordinatorOffice(state).status === 'vacant' && actsForVacantOffice(currentCharter(state).charter.convenerWhileVacant, membersForVacancy(state), personId);

export const isAuditor = (state: ClusterState, personId: string) => Object.prototype.hasOwnProperty.call(state.auditors, personId);
export const isRegistrar = (state: ClusterState, personId: string) => Object.prototype.hasOwnProperty.call(state.registrars, personId);

/** Who may enter acts after the fact, with the date they occurred: the coordinator or a registrar. */
export const mayRecordThePast = (state: ClusterState, personId: string) => isCoordinator(state, personId) || isRegistrar(state, personId);

/** A person reads a cluster they belong to (as a member's representative), audit, or keep the register of. */
export const mayRead = (state: ClusterState, personId: string) =>
  state.founded && (membersRepresentedBy(state, personId).length > 0 || isAuditor(state, personId) || isRegistrar(state, personId));

/**
 * Everyone `mayRead` lets read the cluster, each once (sorted): the representatives of its active
 * members, its auditors and registrars. The read models index clusters by them, so a sign-in finds a
 * person's clusters without reading any other; `mayRead(state, p)` holds exactly for these people.
 */
export function readersOf(state: ClusterState): string[] {
  if (!state.founded) return [];
  const readers = new Set<string>(Object.keys(state.auditors));
  for (const personId of Object.keys(state.registrars)) readers.add(personId);
  for (const member of activeMembers(state)) readers.add(member.representative.personId);
  return [...readers].sort();
}

/**
 * Who did an act recorded after the fact, when the record does not name them: the representative, on
 * that day, of the member the act is about, else the coordinator of that day.
 */
export function historicalActor(then: ClusterState, memberId?: string): string | undefined {
  const member = memberId ? then.members[memberId] : undefined;
  if (member) return member.representative.personId;
  const coordinator = then.members[then.coordinatorMemberId];
  return coordinator?.status === 'active' ? coordinator.representative.personId : undefined;
}
