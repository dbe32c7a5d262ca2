import { electionDecider, electionStreamId, mayRead, notFound, parseElectionEvent, type ClusterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { load } from '../command-handling/execute-on-stream';
import { loadCluster } from '../command-handling/load-aggregates';

export const loadElection = (store: EventStore, electionId: string) => load(store, electionDecider, parseElectionEvent, electionStreamId(electionId));

export const electionNotFound = (electionId: string) => `Election '${electionId}' does not exist or you may not read it`;

/**
 * The cluster of an election, for a person allowed to read it. Anyone else gets the election's 404,
 * which names neither the cluster nor whether the election exists.
 */
export async function clusterOfElection(store: EventStore, clusterId: string, electionId: string, personId: string): Promise<ClusterState> {
  const { state } = await loadCluster(store, clusterId);
  if (!mayRead(state, personId)) throw notFound(electionNotFound(electionId));
  return state;
}
