import { QueryClient, useQuery, type QueryKey, type UseQueryOptions, type Updater } from '@tanstack/react-query';
import { ApiError, apiGet, seg, type Query } from './api-client';

/**
 * Server state lives here, keyed like the API's resources: the key is the resource's path, segment
 * by segment (ids as the API returns them), with the query parameters last — ['clusters', 'wm-kes',
 * 'meetings'] is GET /api/clusters/wm-kes/meetings. Live messages patch these entries in place.
 */
export type ResourceKey = readonly (string | Query)[];

export function pathOf(key: QueryKey): { path: string; query?: Query } {
  const last = key[key.length - 1];
  const query = typeof last === 'object' && last !== null ? (last as Query) : undefined;
  const segments = (query ? key.slice(0, -1) : key) as string[];
  return { path: '/' + segments.map(seg).join('/'), query };
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      queryFn: ({ queryKey }) => {
        const { path, query } = pathOf(queryKey);
        return apiGet(path, query);
      },
      // Live messages keep the cache fresh; refetching on focus would only repeat what they said.
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Nothing to retry on a refusal: 4xx answers are final.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

/** A read of one API resource by its key. */
export function useResource<T>(key: ResourceKey, options: Omit<UseQueryOptions<T, Error, T, ResourceKey>, 'queryKey'> = {}) {
  return useQuery<T, Error, T, ResourceKey>({ queryKey: key, ...options });
}

/** Whether a fragment (revision r) is newer than what the cache holds (revision c). */
export const isNewer = (r: string | null | undefined, c: string | null | undefined) => !c || (!!r && BigInt(r) > BigInt(c));

/**
 * Patches a cached resource with a live fragment. When the entry has no data yet, or a read of it is
 * under way (its answer may predate the fragment), it is read again instead: never an older answer
 * over a newer act. Entries nobody reads are left alone.
 */
export function patchOrRefetch<T>(client: QueryClient, key: QueryKey, update: (cached: T) => T): void {
  const state = client.getQueryState<T>(key);
  if (!state) return;
  if (state.data === undefined || state.fetchStatus === 'fetching') {
    void client.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  client.setQueryData<T>(key, ((cached: T | undefined) => (cached === undefined ? cached : update(cached))) as Updater<T | undefined, T | undefined>);
}
