import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { apiDownload, apiGet, apiPost, seg, type Query } from '../../../lib/api-client';
import type { AgreementVersion, LatestSeal, TrailFiltersQuery, TrailPage, VerificationView } from '../../../lib/api-types';
import { useResource } from '../../../lib/query';

export const useAgreementVersions = (clusterId: string) => useResource<AgreementVersion[]>(['clusters', clusterId, 'agreement', 'versions']);

/** The trail's page size: a phone shows a screenful or two before "load more". */
export const TRAIL_PAGE = 25;

const auditKey = (clusterId: string) => ['clusters', clusterId, 'audit'] as const;
export const trailKey = (clusterId: string, filters: TrailFiltersQuery) => [...auditKey(clusterId), 'trail', filters as Query] as const;

/** A page when the person asks for everything up to the end (the API's largest). */
const TRAIL_BULK = 500;

/**
 * The trail, in log order, a page at a time: each page starts after the previous page's cursor. A
 * page that ends the log (`nextCursor: null`) still says where a later read starts — after its last
 * entry, or where that page itself began — so acts recorded later are read as one more page.
 * `loadToEnd` reads the rest in the API's largest pages (each page is one of the person's limited
 * readings of the log).
 */
export function useTrail(clusterId: string, filters: TrailFiltersQuery) {
  const limit = useRef(TRAIL_PAGE);
  const query = useInfiniteQuery({
    queryKey: trailKey(clusterId, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => apiGet<TrailPage>(`/clusters/${seg(clusterId)}/audit/trail`, { ...filters, limit: limit.current, after: pageParam }),
    getNextPageParam: (last, _all, lastParam) => last.nextCursor ?? last.entries[last.entries.length - 1]?.position ?? lastParam ?? '0',
  });
  const loadToEnd = async () => {
    limit.current = TRAIL_BULK;
    try {
      // Bounded: a person can always stop and filter instead.
      for (let i = 0; i < 20; i++) {
        const r = await query.fetchNextPage();
        if (r.error || trailAtEnd(r.data?.pages)) break;
      }
    } finally {
      limit.current = TRAIL_PAGE;
    }
  };
  return { ...query, loadToEnd };
}

/** Whether the trail as read reaches the end of the log (no cursor left to follow). */
export const trailAtEnd = (pages: TrailPage[] | undefined) => !!pages && pages.length > 0 && pages[pages.length - 1].nextCursor === null;

/** The latest seal; 404 `no_seal` until the cluster is first sealed. */
export const useLatestSeal = (clusterId: string) => useResource<LatestSeal>([...auditKey(clusterId), 'seals', 'latest']);

/** Reads the latest seal again (after something that may have sealed the record: an export, a document). */
export function useSealsChanged(clusterId: string) {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: [...auditKey(clusterId), 'seals', 'latest'] });
}

/** Seals the cluster now (or answers the latest seal, which already covers every act). */
export function useSealNow(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<{ created: boolean }>(`/clusters/${seg(clusterId)}/audit/seals`),
    onSuccess: () => client.invalidateQueries({ queryKey: [...auditKey(clusterId), 'seals', 'latest'] }),
  });
}

/** The verification this server last ran (404 `no_verification` before the first); polled while it runs. */
export const useVerification = (clusterId: string) =>
  useResource<VerificationView>([...auditKey(clusterId), 'verification'], {
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false),
    staleTime: 0,
  });

export function useStartVerification(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<VerificationView>(`/clusters/${seg(clusterId)}/audit/verification`),
    onSuccess: (job) => client.setQueryData([...auditKey(clusterId), 'verification'], job),
  });
}

/** The trail's exports, with the trail's filters. */
export const downloadExport = (clusterId: string, format: 'jsonl' | 'csv', filters: TrailFiltersQuery) =>
  apiDownload(`/clusters/${seg(clusterId)}/audit/export.${format}`, filters as Query, `klaster-${clusterId}.${format}`);

/** An event's inclusion proof, saved as JSON for `npm run cli -- audit check-proof`. */
export const downloadProof = (clusterId: string, stream: string, revision: string) =>
  apiDownload(`/clusters/${seg(clusterId)}/audit/proof`, { stream, revision }, `proof-${stream}-${revision}.json`);

/** The documents drawn from the sealed record, in the person's language. */
export const documents = {
  minutes: (clusterId: string, meetingId: string, lang: string) =>
    apiDownload(`/clusters/${seg(clusterId)}/documents/meetings/${seg(meetingId)}/minutes`, { lang }, `minutes-${meetingId}.pdf`),
  register: (clusterId: string, body: string, year: number, lang: string) =>
    apiDownload(`/clusters/${seg(clusterId)}/documents/resolutions/${seg(body)}/${year}`, { lang }, `resolutions-${clusterId}-${year}.pdf`),
  agreement: (clusterId: string, version: number, lang: string) =>
    apiDownload(`/clusters/${seg(clusterId)}/documents/agreement/${version}`, { lang }, `agreement-${clusterId}-v${version}.pdf`),
};
