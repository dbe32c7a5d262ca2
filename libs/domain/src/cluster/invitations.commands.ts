import { z } from 'zod';
import { NAME_MAX, idSchema, isoInstantSchema, lineOfTextSchema } from '../shared/primitives';
import { invitationRoleSchema, tokenHashSchema } from './invitations.events';

/**
 * The invitation commands as the domain decides them. The server makes the secret token, its hash,
 * the id and the expiry (the domain has no clock and no randomness); the HTTP body is the server's.
 */
export const invitationCommandBodies = {
  IssueInvitation: z.object({
    invitationId: idSchema,
    role: invitationRoleSchema,
    memberId: idSchema.optional(),
    representativeRole: lineOfTextSchema(NAME_MAX).optional(),
    expiresAt: isoInstantSchema,
    tokenHash: tokenHashSchema,
  }),
  RevokeInvitation: z.object({ invitationId: idSchema }),
  /** The actor accepts the invitation whose token hashes to tokenHash. */
  AcceptInvitation: z.object({ tokenHash: tokenHashSchema }),
} as const;
