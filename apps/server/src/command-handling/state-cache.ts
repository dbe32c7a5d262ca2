import { LRUCache } from 'lru-cache';
import type { EventStore } from '@klaster/event-store';

export interface CachedState {
  state: unknown;
  revision: bigint;
  /** When the stream's last act occurred. */
  lastDatedAt?: string;
}

/**
 * Folded aggregate states by store, decider and stream, so a command on a long stream (a general
 * meeting with a thousand ballots) reads only the events after the cached revision instead of the
 * whole stream. States are immutable (evolve returns new objects), so sharing them is safe; a
 * writer elsewhere (another server on the same EventStoreDB) is caught up by that same read.
 */
const caches = new WeakMap<EventStore, WeakMap<object, LRUCache<string, CachedState>>>();

export function stateCache(store: EventStore, decider: object): LRUCache<string, CachedState> {
  let byDecider = caches.get(store);
  if (!byDecider) caches.set(store, (byDecider = new WeakMap()));
  let cache = byDecider.get(decider);
  if (!cache) byDecider.set(decider, (cache = new LRUCache<string, CachedState>({ max: 5_000 })));
  return cache;
}
