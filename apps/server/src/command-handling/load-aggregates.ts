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
  parseClusterEvent,
  parseGroupEvent,
  parseMeetingEvent,
  type ClusterState,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { load } from './execute-on-stream';

/** Loaders for the facts one aggregate's handler needs from another's stream. */
export const loadCluster = (store: EventStore, clusterId: string) => load(store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId));
export const loadMeeting = (store: EventStore, meetingId: string) => load(store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId));
export const loadGroup = (store: EventStore, groupId: string) => load(store, groupDecider, parseGroupEvent, groupStreamId(groupId));

export async function groupMemberIds(store: EventStore, groupId: string): Promise<string[]> {
  return membersOfGroup((await loadGroup(store, groupId)).state);
}

/** The cluster, if the person may read it; 404 otherwise, so its existence is not revealed. */
export async function readableCluster(store: EventStore, clusterId: string, personId: string): Promise<ClusterState> {
  const { state } = await loadCluster(store, clusterId);
  if (!mayRead(state, personId)) throw notFound(`Cluster '${clusterId}' does not exist or you may not read it`);
  return state;
}
