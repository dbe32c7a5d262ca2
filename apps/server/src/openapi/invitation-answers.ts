import { z } from 'zod';
import { invitationRoleSchema } from '@klaster/domain';
import type { InvitationPreview, OpenInvitation } from '../identity/invitations.service';
import { commandResponseSchema } from '../http/contracts';

/*
 * The answers of the invitation routes, for the OpenAPI document. The service declares them as
 * TypeScript interfaces; the Fits checks below make the compiler refuse a schema that drifts from them
 * (both ways), and the e2e contract check validates the real answers.
 */

export const openInvitationSchema = z
  .object({
    invitationId: z.string(),
    role: invitationRoleSchema,
    memberId: z.string().nullable(),
    organisation: z.string().nullable(),
    representativeRole: z.string().nullable(),
    invitedBy: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'OpenInvitation' });

export const invitationPreviewSchema = z
  .object({
    clusterId: z.string(),
    clusterName: z.string(),
    role: invitationRoleSchema,
    member: z.object({ memberId: z.string(), organisation: z.string() }).nullable(),
    expiresAt: z.string(),
    status: z.enum(['open', 'accepted', 'revoked', 'expired']),
  })
  .meta({ id: 'InvitationPreview' });

export const issuedInvitationSchema = commandResponseSchema
  .extend({
    invitation: z
      .object({
        invitationId: z.string(),
        role: invitationRoleSchema,
        memberId: z.string().nullable(),
        expiresAt: z.string(),
        token: z.string().describe('Shown this once: nothing on the server can show it again'),
        link: z.string().describe('The link to pass on: `<PUBLIC_URL>/invitations#<token>`'),
        emailed: z.boolean(),
      })
      .describe('The invitation issued, with its link'),
  })
  .meta({ id: 'IssuedInvitation' });

type Fits<A, B extends A> = B;
export type OpenInvitationFits = [Fits<OpenInvitation, z.output<typeof openInvitationSchema>>, Fits<z.output<typeof openInvitationSchema>, OpenInvitation>];
export type PreviewFits = [Fits<InvitationPreview, z.output<typeof invitationPreviewSchema>>, Fits<z.output<typeof invitationPreviewSchema>, InvitationPreview>];

const expiresAt = '2025-04-17T10:00:00.000Z';
export const issueInvitationExample = { role: 'representative', memberId: 'solar-sp', representativeRole: 'Wiceprezes zarządu', validForDays: 7, email: 'marta@solar.example', locale: 'pl' } as const;
export const issuedInvitationExample = {
  id: 'wm-kes',
  streamId: 'cluster-wm-kes',
  revision: '42',
  position: '1240',
  events: ['InvitationIssued'],
  invitation: {
    invitationId: '0b9d7c1e-3f7a-4c55-9f54-2d3c1a0e8b11',
    role: 'representative',
    memberId: 'solar-sp',
    expiresAt,
    token: 'wm-kes.Q2hvb3NlIGEgZ29vZCB0b2tlbiB0aGF0IGlzIGxvbmcgZW5vdWdoIQ',
    link: 'https://klaster.example.org/invitations#wm-kes.Q2hvb3NlIGEgZ29vZCB0b2tlbiB0aGF0IGlzIGxvbmcgZW5vdWdoIQ',
    emailed: true,
  },
} satisfies z.output<typeof issuedInvitationSchema>;
export const openInvitationsExample = [
  { invitationId: '0b9d7c1e-3f7a-4c55-9f54-2d3c1a0e8b11', role: 'representative', memberId: 'solar-sp', organisation: 'Solar sp. z o.o.', representativeRole: 'Wiceprezes zarządu', invitedBy: 'anna.nowak', issuedAt: '2025-04-10T10:00:00.000Z', expiresAt },
] satisfies z.output<typeof openInvitationSchema>[];
export const invitationPreviewExample = {
  clusterId: 'wm-kes',
  clusterName: 'Warmińsko-Mazurski Klaster Energii Słonecznej',
  role: 'representative',
  member: { memberId: 'solar-sp', organisation: 'Solar sp. z o.o.' },
  expiresAt,
  status: 'open',
} satisfies z.output<typeof invitationPreviewSchema>;
export const tokenExample = { token: 'wm-kes.Q2hvb3NlIGEgZ29vZCB0b2tlbiB0aGF0IGlzIGxvbmcgZW5vdWdoIQ' };
