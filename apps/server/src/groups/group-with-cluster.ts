import { mayRead, notFound, type ClusterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { loadCluster } from '../command-handling/load-aggregates';

export const groupNotFound = (groupId: string) => `Group '${groupId}' does not exist or you may not read it`;

/**
 * The cluster of a group, for a person allowed to read it. Anyone else gets the group's 404, which
 * names neither the cluster nor whether the group exists.
 */
export async function clusterOfGroup(store: EventStore, clusterId: string, groupId: string, personId: string): Promise<ClusterState> {
  const { state } = await loadCluster(store, clusterId);
  if (!mayRead(state, personId)) throw notFound(groupNotFound(groupId));
  return state;
}
