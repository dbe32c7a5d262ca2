import { z } from 'zod';
import { NAME_MAX, idSchema, isoInstantSchema, lineOfTextSchema, personIdSchema } from '../shared/primitives';

/**
 * Invitations are governance acts: the coordinator invites someone to act for a member (as its
 * representative), to audit, or to keep the register. The log holds only a sha256 of the link's
 * secret token, never the token, and no name or address: who was invited is a person id only once
 * they accept.
 */
export const invitationRoles = ['representative', 'auditor', 'registrar'] as const;
export const invitationRoleSchema = z.enum(invitationRoles);
export type InvitationRole = z.infer<typeof invitationRoleSchema>;

export const tokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hash, 64 hex digits');

export const invitationEventSchemas = {
  InvitationIssued: z.object({
    invitationId: idSchema,
    role: invitationRoleSchema,
    /** The member the invited person will represent (role `representative`). */
    memberId: idSchema.optional(),
    /** The invited person's role in the member organisation (e.g. its board chair); else the current representative's. */
    representativeRole: lineOfTextSchema(NAME_MAX).optional(),
    invitedBy: personIdSchema,
    issuedAt: isoInstantSchema,
    expiresAt: isoInstantSchema,
    tokenHash: tokenHashSchema,
  }),
  InvitationRevoked: z.object({ invitationId: idSchema, revokedBy: personIdSchema, revokedAt: isoInstantSchema }),
  /** The invited person accepted: from this instant they act in the role (the appointment follows in the same act). */
  InvitationAccepted: z.object({
    invitationId: idSchema,
    personId: personIdSchema,
    role: invitationRoleSchema,
    memberId: idSchema.optional(),
    acceptedAt: isoInstantSchema,
  }),
} as const;
