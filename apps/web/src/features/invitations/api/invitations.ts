import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { startRegistration } from '@simplewebauthn/browser';
import { apiCommand, apiGet, apiPost, apiPut, publicPost, seg, wrote } from '../../../lib/api-client';
import type { CommandResponseBody, InvitationPreview, IssueInvitationBody, IssuedInvitation, OpenInvitation, SignedIn } from '../../../lib/api-types';
import { signInWithSession } from '../../../lib/session';

/** The token of an invitation link (`/invitations#<token>`): after `#`, so it never reaches a server log. */
export const tokenFromLocation = () => decodeURIComponent(window.location.hash.slice(1));

export const useInvitationPreview = (token: string) =>
  useQuery({ queryKey: ['invitation', token], queryFn: () => publicPost<InvitationPreview>('/invitations/preview', { token }), enabled: token.length > 0, retry: false, staleTime: Infinity });

/** A new person: the device makes a passkey, the server accepts the invitation as them, and a session begins. */
export async function acceptWithPasskey(token: string, displayName: string, label: string): Promise<void> {
  const { ceremonyId, options } = await publicPost<{ ceremonyId: string; options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>('/invitations/passkey/options', { token, displayName });
  const response = await startRegistration({ optionsJSON: options });
  const accepted = await publicPost<CommandResponseBody & { session: SignedIn }>('/invitations/passkey', { ceremonyId, response, label });
  wrote(accepted.position);
  signInWithSession(accepted.session);
  // Their name, kept by Klaster's people registry (erasable), visible to the cluster they just joined.
  await apiPut('/people/me', { displayName });
}

/** Someone already signed in accepts as themselves. */
export async function acceptSignedIn(token: string): Promise<void> {
  const answer = await apiPost<CommandResponseBody>('/invitations/acceptance', { token });
  wrote(answer.position);
}

const openKey = (clusterId: string) => ['clusters', clusterId, 'invitations'] as const;

export const useOpenInvitations = (clusterId: string) => useQuery({ queryKey: openKey(clusterId), queryFn: () => apiGet<OpenInvitation[]>(`/clusters/${seg(clusterId)}/invitations`) });

export function useIssueInvitation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: IssueInvitationBody) => apiCommand(`/clusters/${seg(clusterId)}/invitations`, body) as Promise<IssuedInvitation>,
    onSuccess: () => client.invalidateQueries({ queryKey: openKey(clusterId) }),
  });
}

export function useRevokeInvitation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => apiCommand(`/clusters/${seg(clusterId)}/invitations/${seg(invitationId)}/revocation`),
    onSuccess: () => client.invalidateQueries({ queryKey: openKey(clusterId) }),
  });
}
