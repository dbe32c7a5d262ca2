import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, WrongExpectedVersion, type EventStore } from '@klaster/event-store';
import { conflict, type Decider } from '@klaster/domain';
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

  it('queues concurrent commands on one stream in this process and writes those that arrive together in one append', async () => {
    let appends = 0;
    const counted: EventStore = Object.assign(Object.create(store), {
      append: (...args: Parameters<EventStore['append']>) => {
        appends++;
        return store.append(...args);
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => executeOnStream(counted, counter, parse, 'counter-q', { type: 'Increment' }, { actor: 'p', correlationId: 'c' })),
    );
    // None refused with a conflict: each saw the state the previous one left.
    expect(outcomes.map((o) => o.revision).sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
    const seen: number[] = [];
    for await (const e of store.readStream('counter-q')) seen.push((e.data as { seen: number }).seen);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The first went alone; the 49 that queued behind it were decided together and appended at once.
    expect(appends).toBe(2);
  });

  it('answers a refused command alone: the others decided with it are written', async () => {
    type E = { type: 'Took'; data: { n: number } };
    const once: Decider<number[], { type: 'Take'; n: number }, E> = {
      initialState: () => [],
      decide: (c, taken) => {
        if (taken.includes(c.n)) throw conflict(`${c.n} is taken`, 'taken');
        return [{ type: 'Took', data: { n: c.n } }];
      },
      evolve: (taken, e) => [...taken, e.data.n],
    };
    const results = await Promise.allSettled(
      [1, 2, 2, 3].map((n) => executeOnStream(store, once, (type, data) => ({ type, data }) as E, 'once-1', { type: 'Take', n }, { actor: 'p', correlationId: 'c' })),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ kind: 'conflict', code: 'taken' });
    const taken: number[] = [];
    for await (const e of store.readStream('once-1')) taken.push((e.data as { n: number }).n);
    expect(taken).toEqual([1, 2, 3]);
  });

  it('builds a command from the very state it is decided on', async () => {
    const states: number[] = [];
    await Promise.all(
      Array.from({ length: 3 }, () =>
        executeOnStream(store, counter, parse, 'counter-b', (state: number) => (states.push(state), { type: 'Increment' as const }), { actor: 'p', correlationId: 'c' }),
      ),
    );
    expect(states).toEqual([0, 1, 2]);
  });

  it('retries a conflict with a writer in another process after a pause, then answers a 409 "busy"', async () => {
    let appends = 0;
    const alwaysRaced: EventStore = Object.assign(Object.create(store), {
      append: async () => {
        appends++;
        throw new WrongExpectedVersion('counter-2', 'no_stream', 0n);
      },
    });
    await expect(
      executeOnStream(alwaysRaced, counter, parse, 'counter-2', { type: 'Increment' }, { actor: 'p', correlationId: 'c' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'busy' });
    expect(appends).toBe(8);
  });

  it('refuses a stale If-Match with precondition_failed (412) and writes nothing, also when queued behind another command', async () => {
    await executeOnStream(store, counter, parse, 'counter-3', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    await expect(
      executeOnStream(store, counter, parse, 'counter-3', { type: 'Increment' }, { actor: 'p', correlationId: 'c', expectedRevision: 5n }),
    ).rejects.toMatchObject({ kind: 'precondition_failed' });
    // Two clients holding revision 0: the first wins, the second finds the record moved on.
    const [first, second] = await Promise.allSettled(
      [0n, 0n].map((expectedRevision) => executeOnStream(store, counter, parse, 'counter-3', { type: 'Increment' }, { actor: 'p', correlationId: 'c', expectedRevision })),
    );
    expect(first).toMatchObject({ status: 'fulfilled', value: { revision: 1n } });
    expect(second).toMatchObject({ status: 'rejected', reason: { kind: 'precondition_failed' } });
    let count = 0;
    for await (const _ of store.readStream('counter-3')) count++;
    expect(count).toBe(2);
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

  it('folds a stream once, then reads only the events after the cached revision (and sees writes made directly)', async () => {
    for (let i = 0; i < 3; i++) await executeOnStream(store, counter, parse, 'counter-6', { type: 'Increment' }, { actor: 'p', correlationId: 'c' });
    const reads: unknown[] = [];
    const spied: EventStore = Object.assign(Object.create(store), {
      readStream: (id: string, options?: object) => {
        reads.push(options ?? {});
        return store.readStream(id, options);
      },
    });
    expect(await load(spied, counter, parse, 'counter-6')).toMatchObject({ state: 3, revision: 2n });
    await store.append('counter-6', [{ id: crypto.randomUUID(), type: 'Incremented', data: { seen: 3 }, metadata: { actor: 'x', correlationId: 'x', causationId: 'x' } }], { expectedRevision: 2n });
    expect(await load(spied, counter, parse, 'counter-6')).toMatchObject({ state: 4, revision: 3n });
    // The first load folds from the start; the second reads only what follows revision 2.
    expect(reads).toEqual([{}, { from: 3n }]);
  });
});
