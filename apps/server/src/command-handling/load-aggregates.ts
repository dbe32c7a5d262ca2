import {
  clusterDecider,
  clusterStreamId,
  groupMemberIds as membersOfGroup,
  groupDecider,
  groupStreamId,
  mayRead,
  meetingDecider,
  meetingStreamId,
  notFound,
  preconditionFailed,
  parseClusterEvent,
  parseGroupEvent,
  parseMeetingEvent,
  type ClusterState,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { load, type LoadedStream } from './load-stream';

/** Loaders for the facts one aggregate's handler needs from another's stream. */
export const loadCluster = (store: EventStore, clusterId: string) => load(store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId));
export const loadMeeting = (store: EventStore, meetingId: string) => load(store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId));
export const loadGroup = (store: EventStore, groupId: string) => load(store, groupDecider, parseGroupEvent, groupStreamId(groupId));

export async function groupMemberIds(store: EventStore, groupId: string): Promise<string[]> {
  return membersOfGroup((await loadGroup(store, groupId)).state);
}

export const clusterNotFound = (clusterId: string) => `Cluster '${clusterId}' does not exist or you may not read it`;

/**
 * The cluster (and its revision), if the person may read it; 404 otherwise, with the message of what
 * was addressed (a meeting's 404 names neither its cluster nor whether the meeting exists).
 */
export async function readableCluster(
  store: EventStore,
  clusterId: string,
  personId: string,
  notFoundMessage = clusterNotFound(clusterId),
): Promise<LoadedStream<ClusterState>> {
  const loaded = await loadCluster(store, clusterId);
  if (!mayRead(loaded.state, personId)) throw notFound(notFoundMessage);
  return loaded;
}

/** If-Match on a command that creates a record inside the cluster applies to the cluster it addresses. */
export function requireClusterRevision(cluster: LoadedStream<ClusterState>, expectedRevision: bigint | undefined): void {
  if (expectedRevision !== undefined && expectedRevision !== cluster.revision) {
    throw preconditionFailed(`The cluster is at revision ${cluster.revision ?? 'none'}, not ${expectedRevision} (If-Match): reload it and try again`);
  }
}
