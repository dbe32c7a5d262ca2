import type { Charter } from './charter';
import type { ClusterEvent, Representative } from './cluster.events';
import type { z } from 'zod';
import type { agreementVersionSchema, organisationSchema } from './cluster.events';

export interface MemberState {
  memberId: string;
  organisation: z.infer<typeof organisationSchema>;
  kind: 'ordinary' | 'honorary';
  votingWeight: number;
  representative: Representative;
  /** Every representative the member has had, with the instant each took over. */
  representativeHistory: (Representative & { from: string })[];
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

export interface ClusterState {
  founded: boolean;
  clusterId: string;
  name: string;
  foundedOn: string;
  coordinatorMemberId: string;
  charters: { version: number; charter: Charter }[];
  agreements: AgreementVersionState[];
  members: Record<string, MemberState>;
  auditors: Record<string, { since: string }>;
  signingKeys: Record<string, Record<string, string>>;
  signatures: SignatureState[];
}

export const initialClusterState = (): ClusterState => ({
  founded: false,
  clusterId: '',
  name: '',
  foundedOn: '',
  coordinatorMemberId: '',
  charters: [],
  agreements: [],
  members: {},
  auditors: {},
  signingKeys: {},
  signatures: [],
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
        charters: [{ version: 1, charter: d.charter }],
        agreements: [{ ...d.agreement }],
      };
    }
    case 'MemberAdmitted': {
      const d = event.data;
      const member: MemberState = {
        ...d,
        representativeHistory: [{ ...d.representative, from: d.admittedOn }],
        status: 'active',
      };
      return { ...state, members: { ...state.members, [d.memberId]: member } };
    }
    case 'CoordinatorAppointed':
      return { ...state, coordinatorMemberId: event.data.memberId };
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
            representativeHistory: [...member.representativeHistory, { ...d.representative, from: d.effectiveAt }],
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
  }
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

export const isAuditor = (state: ClusterState, personId: string) => personId in state.auditors;

/** A person reads a cluster they belong to (as a member's representative) or audit. */
export const mayRead = (state: ClusterState, personId: string) =>
  state.founded && (membersRepresentedBy(state, personId).length > 0 || isAuditor(state, personId));
