import type { ClusterBody, ClusterListItem, Compliance, ResolutionEntry } from '../../../lib/api-types';
import { apiCommand, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';

import { clusterKey } from '../../../lib/cluster';

export { clusterKey, useCluster } from '../../../lib/cluster';
export const clustersKey = ['clusters'] as const;

export const useClusters = () => useResource<ClusterListItem[]>(clustersKey);
export const useCompliance = (clusterId: string, year: number) => useResource<Compliance>([...clusterKey(clusterId), 'compliance', { year }]);
export const useResolutions = (clusterId: string) => useResource<ResolutionEntry[]>([...clusterKey(clusterId), 'resolutions']);

export const admitMember = (clusterId: string, body: ClusterBody<'AdmitMember'>) => apiCommand(`/clusters/${seg(clusterId)}/members`, body);
