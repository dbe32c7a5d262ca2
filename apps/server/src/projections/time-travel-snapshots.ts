import { LRUCache } from 'lru-cache';
import type { EventStore } from '@klaster/event-store';

/**
 * What a time-travel fold (read-query.ts `loadAt`) keeps of a long stream, so the next `asOf` or
 * `atPosition` read of it folds a few hundred events instead of the whole history:
 *
 * - an index of every event it has read: its revision, position and the time its act occurred, so
 *   a read knows which events its point includes without reading them (a stream is not always in
 *   the order its acts occurred: an act recorded after the fact, a register numbering as recorded);
 * - snapshots of the state every SNAPSHOT_EVERY events, each of a prefix of the stream that a point
 *   includes whole once every act in it occurred before the point's end (`latestOccurredMs`);
 * - the head: the fold of every event indexed, whatever point the read that indexed them asked for,
 *   so snapshots are taken along the whole stream even when its first reads are of early days.
 *
 * The log never changes, so what is kept stays true; states are immutable, so a snapshot is a
 * reference, sharing most of its structure with its neighbours. Bounded: LONG_STREAMS streams at
 * most (the least recently read go), and only streams longer than SNAPSHOT_EVERY are kept at all. One
 * cache per store (tests run several servers in one process, with the same stream names).
 */
// 64: an asOf read of a long stream folds 32 events on average after its snapshot (each read from the log,
// hash-checked and parsed); 256 made it 128, most of an asOf read's time at 1M events. A snapshot is a
// reference to a state that shares most of its structure with the next, so four times as many cost little.
export const SNAPSHOT_EVERY = 64;
const LONG_STREAMS = 200;

/** A state folded from events, with when the latest of their acts occurred. */
export interface StreamFold<S> {
  state: S;
  /** The latest time an act among them occurred (ms), and that time as recorded. */
  latestOccurredMs: number;
  lastOccurredAt: string | undefined;
}

/** The state after the events up to and including `revision`, every one of them folded. */
export interface StreamSnapshot<S> extends StreamFold<S> {
  revision: bigint;
}

/** The fold of a stream's first `next` events, all of them. */
export interface StreamPrefix<S> extends StreamFold<S> {
  next: number;
}

export interface StreamHistory<S> {
  /** Per event read so far, in revision order (index = revision): its global position and when its act occurred (ms). */
  positions: number[];
  occurredMs: number[];
  /** In revision order. */
  snapshots: StreamSnapshot<S>[];
  /** The fold of every event indexed (`head.next === positions.length`); absent before the first. */
  head?: StreamPrefix<S>;
}

const caches = new WeakMap<EventStore, LRUCache<string, StreamHistory<unknown>>>();

export function historiesOf(store: EventStore): LRUCache<string, StreamHistory<unknown>> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new LRUCache({ max: LONG_STREAMS })));
  return cache;
}
