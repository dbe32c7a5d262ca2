import type { z } from 'zod';
import type { InvitationRole, invitationEventSchemas } from './invitations.events';

type Data<K extends keyof typeof invitationEventSchemas> = z.infer<(typeof invitationEventSchemas)[K]>;

export interface InvitationState {
  invitationId: string;
  role: InvitationRole;
  memberId?: string;
  representativeRole?: string;
  invitedBy: string;
  issuedAt: string;
  expiresAt: string;
  tokenHash: string;
  status: 'open' | 'accepted' | 'revoked';
  acceptedBy?: string;
  acceptedAt?: string;
  revokedAt?: string;
}

export type InvitationEvent =
  | { type: 'InvitationIssued'; data: Data<'InvitationIssued'> }
  | { type: 'InvitationRevoked'; data: Data<'InvitationRevoked'> }
  | { type: 'InvitationAccepted'; data: Data<'InvitationAccepted'> };

/** Folds an invitation event into the cluster's invitations (the appointment it leads to is its own event). */
export function evolveInvitations(invitations: Record<string, InvitationState>, event: InvitationEvent): Record<string, InvitationState> {
  switch (event.type) {
    case 'InvitationIssued':
      return { ...invitations, [event.data.invitationId]: { ...event.data, status: 'open' } };
    case 'InvitationRevoked': {
      const { invitationId, revokedAt } = event.data;
      return { ...invitations, [invitationId]: { ...invitations[invitationId], status: 'revoked', revokedAt } };
    }
    case 'InvitationAccepted': {
      const { invitationId, personId, acceptedAt } = event.data;
      return { ...invitations, [invitationId]: { ...invitations[invitationId], status: 'accepted', acceptedBy: personId, acceptedAt } };
    }
  }
}

/** An invitation that can still be accepted at `at`: neither used, revoked nor expired. */
export const isOpenInvitation = (invitation: InvitationState, at: string) => invitation.status === 'open' && Date.parse(at) < Date.parse(invitation.expiresAt);

/** The invitation a token's hash belongs to, if any (looked up as an own property: no prototype keys). */
export function invitationByTokenHash(invitations: Record<string, InvitationState>, tokenHash: string): InvitationState | undefined {
  return Object.values(invitations).find((i) => i.tokenHash === tokenHash);
}
