import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';
import { startRegistration } from '@simplewebauthn/browser';
import { apiDelete, apiGet, apiPost } from '../../../lib/api-client';
import type { Device } from '../../../lib/api-types';
import { forget } from '../../../lib/session';

const key = ['auth', 'devices'] as const;

export const useDevices = () => useQuery({ queryKey: key, queryFn: () => apiGet<Device[]>('/auth/devices') });

/** Registers a passkey of this device for the signed-in person. */
export function useAddDevice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (label: string) => {
      const { ceremonyId, options } = await apiPost<{ ceremonyId: string; options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>('/auth/devices/options');
      const response = await startRegistration({ optionsJSON: options });
      return apiPost<Device>('/auth/devices', { ceremonyId, response, label });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useRemoveDevice() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (credentialId: string) => apiDelete(`/auth/devices/${encodeURIComponent(credentialId)}`), onSuccess: () => client.invalidateQueries({ queryKey: key }) });
}

/** Every session of the person ends, on every device; this page signs out too. */
export async function signOutEverywhere(): Promise<void> {
  await apiPost('/auth/sign-out-everywhere');
  forget();
}
