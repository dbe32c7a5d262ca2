import { dayIn } from '../shared/time-zone';
import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import { agreementTextHash } from './agreement-text';
import type { ClusterCommand, ClusterCommandOf } from './cluster.commands';
import type { ClusterEvent } from './cluster.events';
import {
  actsForVacantOfficeIn,
  coordinatorOffice,
  currentAgreement,
  currentCharter,
  isAuditor,
  isCoordinator,
  isRegistrar,
  membersForVacancy,
  membersRepresentedBy,
  type ClusterState,
  type MemberState,
} from './cluster.state';
import { parseEd25519PublicKey, signingMessage, verifyEd25519 } from './signing';
import { requireNamedConvener, vacantOfficeConvenerText } from './vacant-office';
import { adoptAmendment, proposeAmendment, rejectAmendment, withdrawAmendment } from './amendments.decide';
import { acceptInvitation, issueInvitation, revokeInvitation } from './invitations.decide';
import { recordAbsolution, recordActionPlan, recordReportDecision, recordThematicNetworks, submitAnnualReport } from './annual-cycle.decide';

export function decideCluster(command: ClusterCommand, state: ClusterState): ClusterEvent[] {
  if (command.type === 'FoundCluster') return found(command, state);
  if (!state.founded) throw notFound(`Cluster '${command.clusterId}' does not exist`);
  switch (command.type) {
    case 'AdmitMember':
      return admit(command, state);
    case 'ChangeRepresentative':
      return changeRepresentative(command, state);
    case 'WithdrawMember':
      return withdraw(command, state);
    case 'AppointCoordinator':
      return appointCoordinator(command, state);
    case 'AppointAuditor':
      requireCoordinator(state, command.actor, 'appoint auditors');
      if (isAuditor(state, command.personId)) throw conflict(`${command.personId} is already an auditor`);
      return [{ type: 'AuditorAppointed', data: { personId: command.personId, appointedAt: command.at } }];
    case 'AppointRegistrar':
      requireCoordinator(state, command.actor, 'appoint registrars');
      if (isRegistrar(state, command.personId)) throw conflict(`${command.personId} is already a registrar`, 'already_registrar');
      return [{ type: 'RegistrarAppointed', data: { personId: command.personId, appointedAt: command.at } }];
    case 'RevokeRegistrar':
      requireCoordinator(state, command.actor, 'revoke registrars');
      if (!isRegistrar(state, command.personId)) throw notFound(`${command.personId} is not a registrar of this cluster`, 'not_registrar');
      return [{ type: 'RegistrarRevoked', data: { personId: command.personId, revokedAt: command.at, ...(command.reason ? { reason: command.reason } : {}) } }];
    case 'ChangeTimeZone':
      requireCoordinator(state, command.actor, 'change the time zone');
      if (command.timeZone === state.timeZone) throw ruleBroken(`The cluster already lives in ${state.timeZone}`, 'same_time_zone');
      return [{ type: 'TimeZoneChanged', data: { timeZone: command.timeZone, previous: state.timeZone } }];
    case 'RevokeAuditor':
      requireCoordinator(state, command.actor, 'revoke auditors');
      if (!isAuditor(state, command.personId)) throw notFound(`${command.personId} is not an auditor of this cluster`);
      return [{ type: 'AuditorRevoked', data: { personId: command.personId, revokedAt: command.at, ...(command.reason ? { reason: command.reason } : {}) } }];
    case 'RegisterSigningKey':
      return registerKey(command, state);
    case 'SignAgreement':
      return sign(command, state);
    case 'ProposeAmendment':
      return proposeAmendment(command, state);
    case 'WithdrawAmendment':
      return withdrawAmendment(command, state);
    case 'AdoptAmendment':
      return adoptAmendment(command, state);
    case 'RejectAmendment':
      return rejectAmendment(command, state);
    case 'SubmitAnnualReport':
      return submitAnnualReport(command, state);
    case 'RecordReportDecision':
      return recordReportDecision(command, state);
    case 'RecordAbsolution':
      return recordAbsolution(command, state);
    case 'RecordActionPlan':
      return recordActionPlan(command, state);
    case 'RecordThematicNetworksEvaluation':
      return recordThematicNetworks(command, state);
    case 'InstallElectedLeader':
      return installElectedLeader(command, state);
    case 'IssueInvitation':
      return issueInvitation(command, state);
    case 'RevokeInvitation':
      return revokeInvitation(command, state);
    case 'AcceptInvitation':
      return acceptInvitation(command, state);
  }
}

/** The general meeting elected a leader (an election stream says so): it becomes the coordinator. */
function installElectedLeader(c: ClusterCommandOf<'InstallElectedLeader'>, state: ClusterState): ClusterEvent[] {
  const e = c.election;
  if (!e || e.electionId !== c.electionId || e.clusterId !== state.clusterId) throw notFound(`Election '${c.electionId}' does not exist in this cluster`);
  if (e.electedMemberId !== c.memberId) throw ruleBroken(`Election '${c.electionId}' did not elect ${c.memberId}`);
  const leader = activeMember(state, c.memberId);
  if (leader.kind !== 'ordinary') throw ruleBroken('An honorary member cannot lead the cluster');
  // Installed once: a reactor reacting again, or a later hand-over made by hand, is left as it stands.
  if (state.leadersInstalledFrom.includes(c.electionId) || state.coordinatorMemberId === c.memberId) return [];
  if (e.electedAt && state.coordinatorSince && Date.parse(state.coordinatorSince) > Date.parse(e.electedAt)) return [];
  return [{ type: 'CoordinatorAppointed', data: { memberId: c.memberId, appointedAt: c.at, electionId: c.electionId } }];
}

function found(c: ClusterCommandOf<'FoundCluster'>, state: ClusterState): ClusterEvent[] {
  if (state.founded) throw conflict(`The cluster id '${c.clusterId}' is taken; choose another`, 'cluster_id_taken');
  const ids = c.foundingMembers.map((m) => m.memberId);
  if (new Set(ids).size !== ids.length) throw ruleBroken('Founding member ids must be unique');
  const coordinator = c.foundingMembers.find((m) => m.memberId === c.coordinatorMemberId);
  if (!coordinator) throw ruleBroken('The coordinator must be one of the founding members');
  if (coordinator.kind !== 'ordinary') throw ruleBroken('The coordinator must be an ordinary (voting) member');
  if (coordinator.representative.personId !== c.actor) {
    throw forbidden("Only the coordinator organisation's representative may found the cluster");
  }
  requireNamedConvener(c.charter, ids);
  const events: ClusterEvent[] = [
    {
      type: 'ClusterFounded',
      data: {
        clusterId: c.clusterId,
        name: c.name,
        foundedOn: c.foundedOn,
        coordinatorMemberId: c.coordinatorMemberId,
        charter: c.charter,
        agreement: { version: 1, ...c.agreement, textHash: agreementTextHash(c.agreement) },
        ...(c.timeZone ? { timeZone: c.timeZone } : {}),
      },
    },
    ...c.foundingMembers.map(
      (m): ClusterEvent => ({ type: 'MemberAdmitted', data: { ...m, admittedOn: c.foundedOn, founding: true } }),
    ),
    { type: 'CoordinatorAppointed', data: { memberId: c.coordinatorMemberId, appointedAt: c.at } },
  ];
  if (c.charter.entryIntoForce === 'on_conclusion') {
    events.push({ type: 'AgreementEnteredIntoForce', data: { version: 1, effectiveOn: c.foundedOn } });
  }
  return events;
}

function admit(c: ClusterCommandOf<'AdmitMember'>, state: ClusterState): ClusterEvent[] {
  requireCoordinator(state, c.actor, 'admit members');
  if (state.members[c.memberId]) throw conflict(`Member '${c.memberId}' already exists (members keep their history)`);
  const { type: _t, clusterId: _c, actor: _a, at: _at, ...member } = c;
  return [{ type: 'MemberAdmitted', data: { ...member, founding: false } }];
}

function changeRepresentative(c: ClusterCommandOf<'ChangeRepresentative'>, state: ClusterState): ClusterEvent[] {
  const member = activeMember(state, c.memberId);
  if (!isCoordinator(state, c.actor) && member.representative.personId !== c.actor) {
    throw forbidden("Only the member's current representative or the coordinator may change the representative");
  }
  if (member.representative.personId === c.representative.personId && member.representative.role === c.representative.role) {
    throw ruleBroken('That is already the representative');
  }
  return [
    {
      type: 'RepresentativeChanged',
      data: { memberId: c.memberId, previous: member.representative, representative: c.representative, effectiveAt: c.at },
    },
  ];
}

function withdraw(c: ClusterCommandOf<'WithdrawMember'>, state: ClusterState): ClusterEvent[] {
  const member = activeMember(state, c.memberId);
  // Withdrawal is unilateral: the member's representative files it; the coordinator may record it.
  if (member.representative.personId !== c.actor && !isCoordinator(state, c.actor)) {
    throw forbidden("Only the member's representative (or the coordinator recording the written notice) may withdraw it");
  }
  return [{ type: 'MemberWithdrew', data: { memberId: c.memberId, withdrawnOn: c.withdrawnOn, writtenNoticeRef: c.writtenNoticeRef } }];
}

function appointCoordinator(c: ClusterCommandOf<'AppointCoordinator'>, state: ClusterState): ClusterEvent[] {
  // While a coordinator is active only it hands over; while the office is vacant, whoever the charter
  // lets act for it (convenerWhileVacant: by default any voting member's representative).
  if (coordinatorOffice(state).status === 'vacant') {
    if (!actsForVacantOfficeIn(state, c.actor)) {
      throw forbidden(`The coordinator's office is vacant: under the charter ${vacantOfficeConvenerText(currentCharter(state).charter.convenerWhileVacant, membersForVacancy(state))} acts for it`, 'not_acting_for_vacant_office');
    }
  } else if (!isCoordinator(state, c.actor)) throw forbidden('Only the coordinator may hand over coordination');
  const next = activeMember(state, c.memberId);
  if (next.kind !== 'ordinary') throw ruleBroken('An honorary member cannot coordinate the cluster');
  if (next.memberId === state.coordinatorMemberId) throw ruleBroken(`${next.memberId} already coordinates the cluster`);
  return [{ type: 'CoordinatorAppointed', data: { memberId: c.memberId, appointedAt: c.at } }];
}

function registerKey(c: ClusterCommandOf<'RegisterSigningKey'>, state: ClusterState): ClusterEvent[] {
  if (membersRepresentedBy(state, c.actor).length === 0) {
    throw forbidden("Only a member's current representative may register a signing key in this cluster");
  }
  if (!parseEd25519PublicKey(c.publicKey)) throw ruleBroken('publicKey is not an Ed25519 public key (PEM or base64 of 32 bytes)');
  if (state.signingKeys[c.actor]?.[c.keyId]) throw conflict(`Key '${c.keyId}' is already registered for ${c.actor}`);
  return [{ type: 'SigningKeyRegistered', data: { personId: c.actor, keyId: c.keyId, publicKey: c.publicKey } }];
}

function sign(c: ClusterCommandOf<'SignAgreement'>, state: ClusterState): ClusterEvent[] {
  const member = actingMember(state, c.memberId, c.actor, 'sign the agreement for it');
  const agreement = currentAgreement(state);
  if (c.textHash !== agreement.textHash) {
    throw ruleBroken(`The text signed (hash ${c.textHash.slice(0, 12)}…) is not the current agreement, version ${agreement.version} (hash ${agreement.textHash.slice(0, 12)}…)`);
  }
  if (state.signatures.some((s) => s.memberId === member.memberId && s.version === agreement.version)) {
    throw conflict(`${member.organisation.name} has already signed version ${agreement.version}`);
  }
  if (c.signature) {
    const key = state.signingKeys[c.actor]?.[c.signature.keyId];
    if (!key) throw ruleBroken(`No key '${c.signature.keyId}' is registered for ${c.actor}`);
    if (!verifyEd25519(key, signingMessage(state.clusterId, agreement.version, agreement.textHash), c.signature.value)) {
      throw ruleBroken('The detached signature does not verify against the registered key');
    }
  }
  const events: ClusterEvent[] = [
    {
      type: 'AgreementSigned',
      data: {
        version: agreement.version,
        textHash: agreement.textHash,
        memberId: member.memberId,
        personId: c.actor,
        role: c.role ?? member.representative.role,
        organisation: member.organisation.name,
        signedAt: c.at,
        ...(c.signature ? { signature: c.signature } : {}),
      },
    },
  ];
  if (!agreement.inForceSince && currentCharter(state).charter.entryIntoForce === 'all_founders_signed') {
    const signed = new Set(state.signatures.filter((s) => s.version === agreement.version).map((s) => s.memberId)).add(member.memberId);
    const founders = Object.values(state.members).filter((m) => m.founding && m.status === 'active');
    if (founders.every((m) => signed.has(m.memberId))) {
      events.push({ type: 'AgreementEnteredIntoForce', data: { version: agreement.version, effectiveOn: dayIn(c.at, state.timeZone) } });
    }
  }
  return events;
}

function requireCoordinator(state: ClusterState, personId: string, what: string): void {
  if (!isCoordinator(state, personId)) throw forbidden(`Only the coordinator's representative may ${what}`);
}

function activeMember(state: ClusterState, memberId: string): MemberState {
  const member = state.members[memberId];
  if (!member) throw notFound(`Member '${memberId}' does not exist`);
  if (member.status === 'withdrawn') throw forbidden(`${member.organisation.name} has withdrawn and can no longer act`);
  return member;
}

/** The member, if it is active and the person is its current representative. */
function actingMember(state: ClusterState, memberId: string, personId: string, what: string): MemberState {
  const member = activeMember(state, memberId);
  if (member.representative.personId !== personId) {
    throw forbidden(`Only the current representative of ${member.organisation.name} may ${what}`);
  }
  return member;
}
