import type { RecordedEvent } from '@klaster/event-store';
import type { Projection } from './projection';

/**
 * Per cluster, how far its record has moved and how far its latest seal reaches, so the seal schedule
 * asks for the clusters that moved since their last seal (the term UNSEALED) instead of sealing every
 * cluster in turn (each seal reads the log after the previous one). The streams are named as
 * libs/audit names them (streams/cluster-streams.ts): `cluster-<id>` and `resolutions-<id>`, the
 * meetings, groups and elections `<kind>-<id>.<local>`, which seals cover, and `seals-<id>`, whose
 * events (`SealRecorded`) say through which global position they cover the others.
 */
export interface SealSchedule {
  clusterId: string;
  /** The position of the cluster's latest event a seal covers (decimal), null before any. */
  movedThrough: string | null;
  /** The `throughPosition` of its latest seal (decimal), null before any. */
  sealedThrough: string | null;
}

/** The term of a cluster whose record moved since its last seal (or that was never sealed). */
export const UNSEALED = 'unsealed';

const NAMED_AFTER_CLUSTER = ['cluster-', 'resolutions-'] as const;
const INSIDE_CLUSTER = ['meeting-', 'group-', 'election-'] as const;
const SEALS = 'seals-';

/** The cluster a stream belongs to, and whether it is the cluster's seals; undefined for any other stream. */
function streamOf(streamId: string): { clusterId: string; seals: boolean } | undefined {
  if (streamId.startsWith(SEALS)) return { clusterId: streamId.slice(SEALS.length), seals: true };
  const named = NAMED_AFTER_CLUSTER.find((prefix) => streamId.startsWith(prefix));
  if (named) return { clusterId: streamId.slice(named.length), seals: false };
  const inside = INSIDE_CLUSTER.find((prefix) => streamId.startsWith(prefix));
  if (!inside) return undefined;
  const id = streamId.slice(inside.length);
  const dot = id.indexOf('.');
  return dot > 0 ? { clusterId: id.slice(0, dot), seals: false } : undefined;
}

const later = (a: string | null, b: string): string => (a !== null && BigInt(a) >= BigInt(b) ? a : b);

export const sealScheduleReadModel: Projection<SealSchedule> = {
  collection: 'seal-schedule',
  keyOf: (event: RecordedEvent) => {
    const stream = streamOf(event.streamId);
    return stream && stream.clusterId ? stream.clusterId : undefined;
  },
  apply: (doc, event) => {
    const { clusterId, seals } = streamOf(event.streamId)!;
    const was = doc ?? { clusterId, movedThrough: null, sealedThrough: null };
    if (!seals) return { ...was, movedThrough: later(was.movedThrough, event.position.toString()) };
    const through = (event.data as { throughPosition?: unknown } | null)?.throughPosition;
    if (event.type !== 'SealRecorded' || typeof through !== 'string' || !/^\d+$/.test(through)) return was;
    return { ...was, sealedThrough: later(was.sealedThrough, through) };
  },
  clusterIdOf: (doc) => doc.clusterId,
  termsOf: (doc) => (doc.movedThrough !== null && (doc.sealedThrough === null || BigInt(doc.movedThrough) > BigInt(doc.sealedThrough)) ? [UNSEALED] : []),
};
