import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, WrongExpectedVersion, type EventStore } from '@klaster/event-store';
import type { Decider } from '@klaster/domain';
import { executeOnStream, load } from './execute-on-stream';

/** A counter: each Increment appends one Incremented event carrying the value it saw. */
type Event = { type: 'Incremented'; data: { seen: number } };
const counter: Decider<number, { type: 'Increment' }, Event> = {
  initialState: () => 0,
  decide: (_c, state) => [{ type: 'Incremented', data: { seen: state } }],
  evolve: (state) => state + 1,
};
const parse = (type: string, data: unknown) => ({ type, data }) as Event;

describe('executeOnStream', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-exec-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-reads and decides again when a concurrent command wrote first, so concurrent commands all land in order', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => executeOnStream(store, counter, parse, 'counter-1', { type: 'Increment' }, { actor: 'p', correlationId: 'c' })),
    );
    expect(outcomes.map((o) => o.revision).sort()).toEqual([0n, 1n, 2n, 3n]);
    const seen: number[] = [];
    for await (const e of store.readStream('counter-1')) seen.push((e.data as { seen: number }).seen);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('gives up after a bounded number of conflicts with the WrongExpectedVersion (the API answers 409)', async () => {
    let appends = 0;
    const alwaysRaced: EventStore = Object.assign(Object.create(store), {
      append: async () => {
        appends++;
        throw new WrongExpectedVersion('counter-2', 'no_stream', 0n);
      },
    });
    await expect(
      executeOnStream(alwaysRaced, counter, parse, 'counter-2', { type: 'Increment' }, { actor: 'p', correlationId: 'c' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(appends).toBe(5);
  });

  it('does not retry when the client pinned a revision with If-Match', async () => {
    await executeOnStream(store, counter, parse, 'counter-3', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    await expect(
      executeOnStream(store, counter, parse, 'counter-3', { type: 'Increment' }, { actor: 'p', correlationId: 'c', expectedRevision: 5n }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('derives event ids from the idempotency key, so a replayed command cannot write twice', async () => {
    const options = { actor: 'p', correlationId: 'c', idempotencyKey: 'k-1' };
    const first = await executeOnStream(store, counter, parse, 'counter-4', { type: 'Increment' }, options);
    // A replay (say, the first answer was lost before it was remembered) re-decides, but its event ids
    // are the same, so the store recognises the write and nothing new is stored.
    const replay = await executeOnStream(store, counter, parse, 'counter-4', { type: 'Increment' }, options);
    expect(replay.revision).toBe(first.revision);
    const events: unknown[] = [];
    for await (const e of store.readStream('counter-4')) events.push(e);
    expect(events).toHaveLength(1);
    // Without a key each command is new.
    await executeOnStream(store, counter, parse, 'counter-4', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    expect((await store.headPosition()) > first.position).toBe(true);
  });

  it('decides a commutative command on the state its caller just loaded, without reading the stream again', async () => {
    await executeOnStream(store, counter, parse, 'counter-7', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    let reads = 0;
    const spied: EventStore = Object.assign(Object.create(store), {
      readStream: (id: string, options?: object) => {
        reads++;
        return store.readStream(id, options);
      },
    });
    const loaded = await load(spied, counter, parse, 'counter-7');
    expect(reads).toBe(1);
    const outcome = await executeOnStream(spied, counter, parse, 'counter-7', { type: 'Increment' }, { actor: 'p', correlationId: 'c', commutative: true }, loaded);
    expect(outcome.revision).toBe(1n);
    expect(reads).toBe(1);
    // A command that is not commutative reads the stream itself, whatever it is handed.
    await executeOnStream(spied, counter, parse, 'counter-7', { type: 'Increment' }, { actor: 'p', correlationId: 'c' }, loaded);
    expect(reads).toBe(2);
    const seen: number[] = [];
    for await (const e of store.readStream('counter-7')) seen.push((e.data as { seen: number }).seen);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('folds a stream once, then reads only the events after the cached revision (and sees writes made directly)', async () => {
    for (let i = 0; i < 3; i++) await executeOnStream(store, counter, parse, 'counter-6', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    const reads: unknown[] = [];
    const spied: EventStore = Object.assign(Object.create(store), {
      readStream: (id: string, options?: object) => {
        reads.push(options ?? {});
        return store.readStream(id, options);
      },
    });
    expect(await load(spied, counter, parse, 'counter-6')).toEqual({ state: 3, revision: 2n });
    await store.append('counter-6', [{ id: crypto.randomUUID(), type: 'Incremented', data: { seen: 3 }, metadata: { actor: 'x', correlationId: 'x', causationId: 'x' } }], { expectedRevision: 2n });
    expect(await load(spied, counter, parse, 'counter-6')).toEqual({ state: 4, revision: 3n });
    // The first load folds from the start; the second reads only what follows revision 2.
    expect(reads).toEqual([{}, { from: 3n }]);
  });
});
