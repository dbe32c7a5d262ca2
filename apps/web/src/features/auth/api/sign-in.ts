import { useQuery } from '@tanstack/react-query';
import { startAuthentication } from '@simplewebauthn/browser';
import { publicGet, publicPost } from '../../../lib/api-client';
import type { DemoPerson, SignInMethods } from '../../../lib/api-types';
import { signInWithSession, type SignedIn } from '../../../lib/session';

/** Demo mode's people (404 — so undefined — when the server is not in demo mode). */
export function useDemoPeople() {
  return useQuery({ queryKey: ['demo', 'people'], queryFn: async () => (await publicGet<DemoPerson[]>('/demo/people')) ?? null, staleTime: Infinity });
}

export const demoToken = (personId: string) => publicPost<{ personId: string; token: string }>('/demo/token', { personId });

/** Which ways of signing in the server offers (the organisation's provider, when configured). */
export function useSignInMethods() {
  return useQuery({ queryKey: ['auth', 'methods'], queryFn: async () => (await publicGet<SignInMethods>('/auth/methods')) ?? null, staleTime: Infinity });
}

/** Sign in with a passkey on this device: the server's challenge, the device's answer, a session. */
export async function signInWithPasskey(): Promise<void> {
  const { ceremonyId, options } = await publicPost<{ ceremonyId: string; options: Parameters<typeof startAuthentication>[0]['optionsJSON'] }>('/auth/passkey/options');
  const response = await startAuthentication({ optionsJSON: options });
  signInWithSession(await publicPost<SignedIn>('/auth/passkey', { ceremonyId, response }));
}

/** Off to the organisation's provider (and back signed in); with an invitation, accepting it on the way. */
export async function signInWithProvider(invitationToken?: string): Promise<void> {
  const { url } = await publicPost<{ url: string }>('/auth/oidc/start', invitationToken ? { invitationToken } : {});
  window.location.assign(url);
}
