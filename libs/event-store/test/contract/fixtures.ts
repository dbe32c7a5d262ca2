import { randomUUID } from 'node:crypto';
import type { EventStore, JsonValue, NewEvent, RecordedEvent, Subscription, SubscriptionMessage } from '../../src';

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
