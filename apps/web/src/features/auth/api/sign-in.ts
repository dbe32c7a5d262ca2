import { useQuery } from '@tanstack/react-query';
import { publicGet, publicPost } from '../../../lib/api-client';
import type { DemoPerson } from '../../../lib/api-types';

/** Demo mode's people (404 — so undefined — when the server is not in demo mode). */
export function useDemoPeople() {
  return useQuery({ queryKey: ['demo', 'people'], queryFn: async () => (await publicGet<DemoPerson[]>('/demo/people')) ?? null, staleTime: Infinity });
}

export const demoToken = (personId: string) => publicPost<{ personId: string; token: string }>('/demo/token', { personId });
