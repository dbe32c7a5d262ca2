import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import type { ClusterCommandOf } from './cluster.commands';
import type { ClusterEvent } from './cluster.events';
import { isAuditor, isCoordinator, isRegistrar, type ClusterState } from './cluster.state';
import { invitationByTokenHash } from './invitations.state';

/** The coordinator invites someone to represent a member, to audit, or to keep the register. */
export function issueInvitation(c: ClusterCommandOf<'IssueInvitation'>, state: ClusterState): ClusterEvent[] {
  if (!isCoordinator(state, c.actor)) throw forbidden("Only the coordinator's representative may invite people");
  if (Object.hasOwn(state.invitations, c.invitationId)) throw conflict(`Invitation '${c.invitationId}' already exists`, 'invitation_exists');
  if (invitationByTokenHash(state.invitations, c.tokenHash)) throw conflict('That token is already in use; make another', 'invitation_exists');
  if (Date.parse(c.expiresAt) <= Date.parse(c.at)) throw ruleBroken('An invitation must expire after it is issued', 'invitation_expired');
  if (c.role === 'representative') {
    if (!c.memberId) throw ruleBroken('Name the member the invited person will represent (memberId)', 'member_required');
    const member = state.members[c.memberId];
    if (!member) throw notFound(`Member '${c.memberId}' does not exist`);
    if (member.status !== 'active') throw ruleBroken(`${member.organisation.name} has withdrawn and can no longer act`, 'member_withdrawn');
  } else if (c.memberId || c.representativeRole) {
    throw ruleBroken(`An invitation to be ${c.role} names no member`, 'member_not_expected');
  }
  return [
    {
      type: 'InvitationIssued',
      data: {
        invitationId: c.invitationId,
        role: c.role,
        ...(c.memberId ? { memberId: c.memberId } : {}),
        ...(c.representativeRole ? { representativeRole: c.representativeRole } : {}),
        invitedBy: c.actor,
        issuedAt: c.at,
        expiresAt: c.expiresAt,
        tokenHash: c.tokenHash,
      },
    },
  ];
}

export function revokeInvitation(c: ClusterCommandOf<'RevokeInvitation'>, state: ClusterState): ClusterEvent[] {
  if (!isCoordinator(state, c.actor)) throw forbidden("Only the coordinator's representative may revoke invitations");
  const invitation = state.invitations[c.invitationId];
  if (!invitation || !Object.hasOwn(state.invitations, c.invitationId)) throw notFound(`Invitation '${c.invitationId}' does not exist`, 'invitation_not_found');
  if (invitation.status === 'accepted') throw conflict('The invitation has already been accepted', 'invitation_used');
  if (invitation.status === 'revoked') throw conflict('The invitation has already been revoked', 'invitation_revoked');
  return [{ type: 'InvitationRevoked', data: { invitationId: c.invitationId, revokedBy: c.actor, revokedAt: c.at } }];
}

/**
 * The actor accepts: the invitation is used (once), and they take up the role from this instant —
 * the member's representative (RepresentativeChanged), an auditor or a registrar — unless they
 * already hold it. Being the actor of this act is what makes their name visible to the cluster.
 */
export function acceptInvitation(c: ClusterCommandOf<'AcceptInvitation'>, state: ClusterState): ClusterEvent[] {
  const invitation = invitationByTokenHash(state.invitations, c.tokenHash);
  if (!invitation) throw notFound('No such invitation', 'invitation_not_found');
  if (invitation.status === 'accepted') throw conflict('This invitation has already been used', 'invitation_used');
  if (invitation.status === 'revoked') throw ruleBroken('This invitation was revoked', 'invitation_revoked');
  if (Date.parse(c.at) >= Date.parse(invitation.expiresAt)) throw ruleBroken('This invitation has expired; ask for a new one', 'invitation_expired');
  const accepted: ClusterEvent = {
    type: 'InvitationAccepted',
    data: {
      invitationId: invitation.invitationId,
      personId: c.actor,
      role: invitation.role,
      ...(invitation.memberId ? { memberId: invitation.memberId } : {}),
      acceptedAt: c.at,
    },
  };
  switch (invitation.role) {
    case 'representative': {
      const member = state.members[invitation.memberId!];
      if (!member || member.status !== 'active') throw ruleBroken('The member this invitation was for has withdrawn', 'member_withdrawn');
      if (member.representative.personId === c.actor) return [accepted];
      const representative = { personId: c.actor, role: invitation.representativeRole ?? member.representative.role };
      return [accepted, { type: 'RepresentativeChanged', data: { memberId: member.memberId, previous: member.representative, representative, effectiveAt: c.at } }];
    }
    case 'auditor':
      return isAuditor(state, c.actor) ? [accepted] : [accepted, { type: 'AuditorAppointed', data: { personId: c.actor, appointedAt: c.at } }];
    case 'registrar':
      return isRegistrar(state, c.actor) ? [accepted] : [accepted, { type: 'RegistrarAppointed', data: { personId: c.actor, appointedAt: c.at } }];
  }
}
