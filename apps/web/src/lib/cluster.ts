import type { ClusterAtPoint } from './api-types';
import { useResource } from './query';

/**
 * The cluster resource, shared by every feature (a meeting needs its members, a group its cluster's
 * names): one cache entry, ['clusters', id], whichever screen reads it; `asOf` reads a past day.
 */
export const clusterKey = (clusterId: string) => ['clusters', clusterId] as const;
export const useCluster = (clusterId: string | undefined, asOf?: string) =>
  useResource<ClusterAtPoint>(asOf ? [...clusterKey(clusterId ?? ''), { asOf }] : clusterKey(clusterId ?? ''), { enabled: !!clusterId });
