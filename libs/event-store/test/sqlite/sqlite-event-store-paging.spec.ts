import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEventStoreInput, SqliteEventStore, StoreUnavailable, type SubscriptionMessage } from '../../src';
import { collect, newEvent, newEvents, rejectionOf } from '../contract/fixtures';

/**
 * The embedded store's reads where its pages meet (a page size of 2, so a handful of events spans
 * several pages, some exactly full), what it refuses, and how it ends: every store opened here is closed.
 */
describe('SqliteEventStore: pages, refusals and closing', () => {
  let dir: string;
  const stores: SqliteEventStore[] = [];
  const open = (options: { pageSize?: number; pollIntervalMs?: number } = {}) => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite'), ...options });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-sqlite-paging-'));
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says what it is, and refuses a path that is not a file', () => {
    expect(open().kind).toBe('sqlite');
    for (const path of [':memory:', '']) expect(() => SqliteEventStore.open({ path })).toThrow('The SQLite event store needs a file path: an in-memory log would not be durable');
  });

  it.each([4, 5])('reads the whole log of %i events in pages of 2, a last page exactly full or not', async (count) => {
    const store = open({ pageSize: 2 });
    for (let i = 0; i < count; i++) await store.append(`s-${i % 2}`, [newEvent('T', { i })], { expectedRevision: 'any' });
    const positions = Array.from({ length: count }, (_, i) => BigInt(i + 1));
    expect((await collect(store.readAll())).map((e) => e.position)).toEqual(positions);
    expect((await collect(store.readAll({ fromPosition: 1n }))).map((e) => e.position)).toEqual(positions.slice(1));
    expect((await collect(store.readAll({ filter: { streamPrefixes: ['s-1'] } }))).map((e) => e.position)).toEqual(positions.filter((p) => p % 2n === 0n));
  });

  it('reads at most maxCount events of the log, across pages, and none for 0', async () => {
    const store = open({ pageSize: 2 });
    await store.append('s', newEvents(5), { expectedRevision: 'no_stream' });
    expect(await collect(store.readAll({ maxCount: 0 }))).toEqual([]);
    expect((await collect(store.readAll({ maxCount: 2 }))).map((e) => e.position)).toEqual([1n, 2n]);
    expect((await collect(store.readAll({ maxCount: 3 }))).map((e) => e.position)).toEqual([1n, 2n, 3n]);
    expect((await collect(store.readAll({ maxCount: 9 }))).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it.each([3, 4])('reads a stream of %i events backwards and forwards in pages of 2, down to revision 0', async (count) => {
    const store = open({ pageSize: 2 });
    await store.append('s', newEvents(count), { expectedRevision: 'no_stream' });
    const revisions = Array.from({ length: count }, (_, i) => BigInt(i));
    expect((await collect(store.readStream('s', { direction: 'backwards' }))).map((e) => e.revision)).toEqual([...revisions].reverse());
    expect((await collect(store.readStream('s'))).map((e) => e.revision)).toEqual(revisions);
    expect((await collect(store.readStream('s', { direction: 'backwards', from: 2n, maxCount: 2 }))).map((e) => e.revision)).toEqual([2n, 1n]);
  });

  it('names fromPosition when it refuses one, in reads and subscriptions', async () => {
    const store = open();
    const message = 'fromPosition must be a non-negative bigint';
    expect(await rejectionOf(collect(store.readAll({ fromPosition: -1n })))).toMatchObject({ message });
    expect(await rejectionOf(collect(store.readAllWithJson({ fromPosition: -1n })))).toMatchObject({ message });
    expect(() => store.subscribeToAll({ fromPosition: -1n })).toThrow(InvalidEventStoreInput);
    expect(() => store.subscribeToAll({ fromPosition: -1n })).toThrow(message);
  });

  it('wakes a live subscription on its own commits, without waiting for the file watcher', async () => {
    // The watcher would take longer than any test: only the writer's own signal can deliver the event.
    const store = open({ pollIntervalMs: 2_000_000_000 });
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught_up', position: 0n });
    const next = iterator.next();
    await store.append('s', [newEvent('Live')], { expectedRevision: 'no_stream' });
    expect(((await next).value as SubscriptionMessage & { kind: 'event' }).event.type).toBe('Live');
    await subscription.stop();
  });

  it('stops its live subscriptions when closed, forgets the ones that ended, and refuses every call after, with the same message', async () => {
    const store = open();
    const ended = store.subscribeToAll();
    await ended.stop();
    expect(store['subscriptions'].size).toBe(0);
    const live = store.subscribeToAll();
    const iterator = live[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ kind: 'caught_up' });
    const waiting = iterator.next();
    expect(store['subscriptions'].size).toBe(1);
    await store.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await expect(store.close()).resolves.toBeUndefined();
    const refusals = [
      await rejectionOf(store.append('s', [newEvent()], { expectedRevision: 'any' })),
      await rejectionOf(collect(store.readAll())),
      await rejectionOf(collect(store.readStream('s'))),
      await rejectionOf(store.headPosition()),
    ];
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(StoreUnavailable);
      expect((refusal as Error).message).toBe('The event store is closed');
    }
  });
});
