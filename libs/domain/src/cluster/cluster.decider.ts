import type { Decider } from '../shared/decider';
import type { ClusterCommand } from './cluster.commands';
import type { ClusterEvent } from './cluster.events';
import { decideCluster } from './cluster.decide';
import { evolveCluster, initialClusterState, type ClusterState } from './cluster.state';

export const clusterStreamId = (clusterId: string) => `cluster-${clusterId}`;

export const clusterDecider: Decider<ClusterState, ClusterCommand, ClusterEvent> = {
  initialState: initialClusterState,
  decide: decideCluster,
  evolve: evolveCluster,
};
