import { aggregateOf, CLUSTER_STREAM_PREFIXES as PREFIXES } from '@klaster/domain';
import type { EventFilter } from '@klaster/event-store';

// How the domain names a cluster's streams (libs/domain shared/cluster-streams.ts); here, what the
// auditors' tools ask of them.
export { aggregateOf, type AggregateKind } from '@klaster/domain';

export const sealStreamId = (clusterId: string) => `seals-${clusterId}`;

/** A cluster's streams that seals cover (all of them but its seals), as a filter for the store (prefixes; check with belongsToCluster). */
export function sealedStreamsFilter(clusterId: string): EventFilter {
  return { streamPrefixes: PREFIXES.filter((p) => p.kind !== 'seal').map((p) => `${p.prefix}${clusterId}${p.inside ? '.' : ''}`) };
}

/** Every stream of the cluster, its seals included. */
export function clusterStreamsFilter(clusterId: string): EventFilter {
  return { streamPrefixes: PREFIXES.map((p) => `${p.prefix}${clusterId}${p.inside ? '.' : ''}`) };
}

/** The cluster a stream belongs to (its seals included), if any. */
export const clusterOfStream = (streamId: string): string | undefined => aggregateOf(streamId)?.clusterId;

/** Whether a seal of this cluster covers the stream: the cluster's streams but its seals. */
export function isSealedStreamOf(streamId: string, clusterId: string): boolean {
  const aggregate = aggregateOf(streamId);
  return aggregate !== undefined && aggregate.clusterId === clusterId && aggregate.kind !== 'seal';
}

export function isStreamOf(streamId: string, clusterId: string): boolean {
  return aggregateOf(streamId)?.clusterId === clusterId;
}
