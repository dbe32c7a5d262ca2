import type { EventFilter } from '@klaster/event-store';

/**
 * The streams of one cluster, as the domain names them: its own (`cluster-<id>`), its resolution
 * register (`resolutions-<id>`), and its meetings, groups and elections, whose ids are `<id>.<local>`
 * (a cluster id holds no dot). Its seals (`seals-<id>`) are kept apart: a seal commits to the others.
 */
export type AggregateKind = 'cluster' | 'register' | 'meeting' | 'group' | 'election' | 'seal';

const PREFIXES: { kind: AggregateKind; prefix: string; inside: boolean }[] = [
  { kind: 'cluster', prefix: 'cluster-', inside: false },
  { kind: 'register', prefix: 'resolutions-', inside: false },
  { kind: 'meeting', prefix: 'meeting-', inside: true },
  { kind: 'group', prefix: 'group-', inside: true },
  { kind: 'election', prefix: 'election-', inside: true },
  { kind: 'seal', prefix: 'seals-', inside: false },
];

export const sealStreamId = (clusterId: string) => `seals-${clusterId}`;

/** A cluster's streams that seals cover (all of them but its seals), as a filter for the store (prefixes; check with belongsToCluster). */
export function sealedStreamsFilter(clusterId: string): EventFilter {
  return { streamPrefixes: PREFIXES.filter((p) => p.kind !== 'seal').map((p) => `${p.prefix}${clusterId}${p.inside ? '.' : ''}`) };
}

/** Every stream of the cluster, its seals included. */
export function clusterStreamsFilter(clusterId: string): EventFilter {
  return { streamPrefixes: PREFIXES.map((p) => `${p.prefix}${clusterId}${p.inside ? '.' : ''}`) };
}

/** Which aggregate a stream holds, and of which cluster; undefined for a stream that is no cluster's. */
export function aggregateOf(streamId: string): { kind: AggregateKind; id: string; clusterId: string } | undefined {
  for (const { kind, prefix, inside } of PREFIXES) {
    if (!streamId.startsWith(prefix)) continue;
    const id = streamId.slice(prefix.length);
    const clusterId = inside ? id.slice(0, id.indexOf('.')) : id;
    if (!clusterId || (inside && id.indexOf('.') < 0)) return undefined;
    return { kind, id, clusterId };
  }
  return undefined;
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
