import { z } from 'zod';
import { NAME_MAX, idSchema, invitationRoleSchema, lineOfTextSchema } from '@klaster/domain';

/** An invitation token as the link carries it (`<clusterId>.<secret>`); anything else is simply not found. */
export const tokenBody = z.object({ token: z.string().min(1).max(200) });

export const issueInvitationBody = z.object({
  role: invitationRoleSchema.describe('representative (of memberId), auditor or registrar'),
  memberId: idSchema.optional().describe('The member the invited person will represent (role representative)'),
  representativeRole: lineOfTextSchema(NAME_MAX).optional().describe("The invited person's role in the member organisation (default: the current representative's)"),
  validForDays: z.number().int().min(1).max(90).optional().describe('Default INVITATION_TTL_DAYS (7)'),
  email: z.email().max(320).optional().describe('Also e-mail the link (when SMTP is configured); the address is not kept'),
  locale: z.enum(['pl', 'en']).optional().describe("The e-mail's language (default pl)"),
});

/** What a browser's WebAuthn call answered (@simplewebauthn/browser's JSON); the library checks the rest. */
const webAuthnResponse = z.looseObject({
  id: z.string().min(1).max(1_500),
  rawId: z.string().min(1).max(1_500),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(20_000) }),
  clientExtensionResults: z.looseObject({}).default({}),
});

const label = lineOfTextSchema(60).describe('What you call this device (e.g. "Phone")');

export const passkeyOptionsForInvitationBody = tokenBody.extend({
  displayName: lineOfTextSchema(NAME_MAX).describe('Your name as your device shows it beside the passkey (kept by the device, not by Klaster)'),
});
export const ceremonyBody = z.object({ ceremonyId: z.uuid(), response: webAuthnResponse });
export const registrationBody = ceremonyBody.extend({ label: label.optional() });
export const deviceOptionsBody = z.object({}).strict();
