/**
 * The streams of one cluster, as the domain names them: its own (`cluster-<id>`), its resolution
 * register (`resolutions-<id>`), and its meetings, groups and elections, whose ids are `<id>.<local>`
 * (a cluster id holds no dot); its seals (`seals-<id>`) commit to the others.
 */
export type AggregateKind = 'cluster' | 'register' | 'meeting' | 'group' | 'election' | 'seal';

export const CLUSTER_STREAM_PREFIXES: readonly { kind: AggregateKind; prefix: string; inside: boolean }[] = [
  { kind: 'cluster', prefix: 'cluster-', inside: false },
  { kind: 'register', prefix: 'resolutions-', inside: false },
  { kind: 'meeting', prefix: 'meeting-', inside: true },
  { kind: 'group', prefix: 'group-', inside: true },
  { kind: 'election', prefix: 'election-', inside: true },
  { kind: 'seal', prefix: 'seals-', inside: false },
];

/** Which aggregate a stream holds, and of which cluster; undefined for a stream that is no cluster's. */
export function aggregateOf(streamId: string): { kind: AggregateKind; id: string; clusterId: string } | undefined {
  for (const { kind, prefix, inside } of CLUSTER_STREAM_PREFIXES) {
    if (!streamId.startsWith(prefix)) continue;
    const id = streamId.slice(prefix.length);
    const clusterId = inside ? id.slice(0, id.indexOf('.')) : id;
    if (!clusterId || (inside && id.indexOf('.') < 0)) return undefined;
    return { kind, id, clusterId };
  }
  return undefined;
}
