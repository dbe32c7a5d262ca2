import { z } from 'zod';
import { commandResponseSchema } from '../http/contracts';
import type { SignedIn } from '../identity/sessions.service';

/*
 * The answers of the sign-in routes (apps/server/src/identity), for the OpenAPI document. The services
 * declare them as TypeScript interfaces; the Fits checks make the compiler refuse a schema that drifts.
 */

export const sessionSchema = z
  .object({
    personId: z.string(),
    sessionId: z.string(),
    accessToken: z.string().describe('A short-lived bearer token (the refresh token is in an httpOnly cookie, never in the body)'),
    expiresAt: z.string().describe('When the access token expires: refresh before'),
  })
  .meta({ id: 'Session' });

export const signInMethodsSchema = z.object({ passkeys: z.boolean(), oidc: z.object({ name: z.string() }).nullable() }).meta({ id: 'SignInMethods' });

/** A WebAuthn ceremony begun: its id and the options for the browser's navigator.credentials call. */
export const ceremonySchema = z
  .object({
    ceremonyId: z.string(),
    options: z.looseObject({ challenge: z.string() }).describe('WebAuthn options JSON, as @simplewebauthn/browser takes them'),
  })
  .meta({ id: 'PasskeyCeremony' });

export const deviceSchema = z.object({ credentialId: z.string(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }).meta({ id: 'Device' });
export const sessionsEndedSchema = z.object({ sessionsEnded: z.number().int().min(0) });
export const oidcStartSchema = z.object({ url: z.string().describe("The provider's authorization URL for the browser to go to") });
export const acceptedWithPasskeySchema = commandResponseSchema.extend({ session: sessionSchema }).meta({ id: 'AcceptedWithPasskey' });

type Fits<A, B extends A> = B;
type Session = Omit<SignedIn, 'refresh'>;
export type IdentityAnswersFit = [Fits<Session, z.output<typeof sessionSchema>>, Fits<z.output<typeof sessionSchema>, Session>];

export const sessionExample = {
  personId: 'marta.zielinska',
  sessionId: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXJ0YS56aWVsaW5za2EifQ.c2lnbmF0dXJl',
  expiresAt: '2025-04-15T18:15:00.000Z',
} satisfies z.output<typeof sessionSchema>;
export const signInMethodsExample = { passkeys: true, oidc: { name: 'Urząd Marszałkowski' } } satisfies z.output<typeof signInMethodsSchema>;
export const ceremonyExample = {
  ceremonyId: '0f1e2d3c-4b5a-4968-8776-655443322110',
  options: { challenge: 'q2l7w0cY8s1d3N1aVZ2dGVzdA', rpId: 'klaster.example.org', timeout: 60000, userVerification: 'preferred' },
} satisfies z.output<typeof ceremonySchema>;
export const deviceExample = { credentialId: 'AbC123-_xyz', label: 'Telefon', createdAt: '2025-04-10T09:00:00.000Z', lastUsedAt: '2025-04-15T08:00:00.000Z' } satisfies z.output<typeof deviceSchema>;
export const webAuthnAnswerExample = {
  ceremonyId: '0f1e2d3c-4b5a-4968-8776-655443322110',
  response: { id: 'AbC123-_xyz', rawId: 'AbC123-_xyz', type: 'public-key', response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0' }, clientExtensionResults: {} },
};
