import { aggregateOf } from '@klaster/domain';
import type { RecordedEvent } from '@klaster/event-store';
import type { Projection } from './projection';

/**
 * Per cluster, how far its record has moved and how far its latest seal reaches, so the seal schedule
 * asks for the clusters that moved since their last seal (the term UNSEALED) instead of sealing every
 * cluster in turn (each seal reads the log after the previous one). A cluster's streams are as the
 * domain names them (`aggregateOf`): seals cover all but `seals-<id>`, whose events (`SealRecorded`)
 * say through which global position they cover the others.
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

const later = (a: string | null, b: string): string => (a !== null && BigInt(a) >= BigInt(b) ? a : b);

export const sealScheduleReadModel: Projection<SealSchedule> = {
  collection: 'seal-schedule',
  keyOf: (event: RecordedEvent) => aggregateOf(event.streamId)?.clusterId,
  apply: (doc, event) => {
    const { clusterId, kind } = aggregateOf(event.streamId)!;
    const seals = kind === 'seal';
    const was = doc ?? { clusterId, movedThrough: null, sealedThrough: null };
    if (!seals) return { ...was, movedThrough: later(was.movedThrough, event.position.toString()) };
    const through = (event.data as { throughPosition?: unknown } | null)?.throughPosition;
    if (event.type !== 'SealRecorded' || typeof through !== 'string' || !/^\d+$/.test(through)) return was;
    return { ...was, sealedThrough: later(was.sealedThrough, through) };
  },
  clusterIdOf: (doc) => doc.clusterId,
  termsOf: (doc) => (doc.movedThrough !== null && (doc.sealedThrough === null || BigInt(doc.movedThrough) > BigInt(doc.sealedThrough)) ? [UNSEALED] : []),
};
