import { randomUUID } from 'node:crypto';
import type { EventStore, JsonValue, NewEvent, RecordedEvent, Subscription, SubscriptionMessage } from '../../src';
import { sealEvents, type ChainHead, type SealedEvent } from '../../src/hash-chain/seal';

/** A stream prefix no other test shares, so tests can run against a long-lived EventStoreDB. */
export function uniquePrefix(label: string): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 12)}_${label}-`;
}

export function newEvent(type = 'SomethingHappened', data: JsonValue = { n: 1 }, id: string = randomUUID()): NewEvent {
  return {
    id,
    type,
    data,
    metadata: { actor: 'person-1', correlationId: 'corr-1', causationId: 'cause-1' },
  };
}

export function newEvents(count: number, type = 'SomethingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export async function rejectionOf(promiseOrFn: Promise<unknown> | (() => Promise<unknown>)): Promise<unknown> {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

/** Reads a subscription until `until` says stop (or the timeout passes), then stops it. */
export async function consume(
  subscription: Subscription,
  until: (events: RecordedEvent[], message: SubscriptionMessage) => boolean,
  timeoutMs = 45_000,
): Promise<{ events: RecordedEvent[]; messages: SubscriptionMessage[] }> {
  const events: RecordedEvent[] = [];
  const messages: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.stop(), timeoutMs);
  try {
    for await (const message of subscription) {
      messages.push(message);
      if (message.kind === 'event') events.push(message.event);
      if (until(events, message)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
  return { events, messages };
}

export type StoreFactory = () => Promise<EventStore>;

/** How a forged event is damaged: its data changed after sealing (hash), or sealed onto a wrong prevHash (link). */
export type Forgery = 'hash' | 'link';

/**
 * An event sealed onto `head` as an adapter would, then damaged: for 'hash' its data no longer gives
 * its hash; for 'link' its hash is right but its prevHash names an event that is not its predecessor.
 */
export function forgedEvent(streamId: string, head: ChainHead | undefined, forgery: Forgery): SealedEvent {
  const chainedOnto = forgery === 'link' && head ? { ...head, hash: 'f'.repeat(64) } : head;
  const [sealed] = sealEvents(streamId, [newEvent('Forged', { text: 'original' })], chainedOnto, new Date().toISOString());
  return forgery === 'hash' ? { ...sealed, event: { ...sealed.event, data: { text: 'altered' } } } : sealed;
}

/** Appends a damaged event at the end of a stream, behind the adapter's back (each adapter's spec knows how). */
export type WriteDamaged = (streamId: string, forgery: Forgery) => Promise<void>;
