import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { isAtOrBefore, loadAt, type PointInTime } from './read-query';
import { SNAPSHOT_EVERY, historiesOf, type StreamHistory } from './time-travel-snapshots';

/**
 * Time travel on a long stream: answers from the snapshots and the index must be exactly the plain
 * fold's (also for acts recorded after the fact, out of order in the stream), and a later read must
 * read far fewer events than the whole stream (counted, not timed).
 */
interface Sum {
  count: number;
  sum: number;
  revisions: number[];
}
const decider = {
  initialState: (): Sum => ({ count: 0, sum: 0, revisions: [] }),
  evolve: (s: Sum, e: { i: number }): Sum => ({ count: s.count + 1, sum: s.sum + e.i, revisions: [...s.revisions, e.i] }),
};
const parse = (_type: string, data: unknown) => data as { i: number };
const ZONE = 'Europe/Warsaw';
const EVENTS = 4 * SNAPSHOT_EVERY + 37;
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
/** Ten acts a day; every 97th recorded after the fact (it occurred on the first day). */
const occurredAt = (i: number) => `${day(i % 97 === 96 ? 0 : Math.floor(i / 10))}T10:00:00.000Z`;
const event = (i: number) => ({ id: randomUUID(), type: 'Tick', data: { i }, metadata: { actor: 'p1', correlationId: 'c', causationId: 'c', occurredAt: occurredAt(i) } });

/** The store, counting the events its readStream yields. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = (streamId, options) => {
    const inner = store.readStream(streamId, options);
    return (async function* () {
      for await (const e of inner) {
        read++;
        yield e;
      }
    })();
  };
  return { store: wrapped, read: () => read };
}

describe('time travel on a long stream (loadAt with snapshots)', () => {
  let dir: string;
  let raw: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-time-travel-'));
    raw = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    for (let from = 0; from < EVENTS; from += 100) {
      await raw.append('tick-1', Array.from({ length: Math.min(100, EVENTS - from) }, (_, k) => event(from + k)), { expectedRevision: 'any' });
    }
  });
  afterEach(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The plain fold: every event of the stream, those the point includes folded. */
  async function expected(point: PointInTime) {
    const included = isAtOrBefore(point, ZONE);
    let state = decider.initialState();
    let revision: bigint | undefined;
    let last: string | undefined;
    for await (const e of raw.readStream('tick-1') as AsyncIterable<RecordedEvent>) {
      if (!included(e)) continue;
      state = decider.evolve(state, e.data as { i: number });
      revision = e.revision;
      const at = e.metadata.occurredAt!;
      if (last === undefined || Date.parse(at) > Date.parse(last)) last = at;
    }
    return { state, revision, lastOccurredAt: last };
  }

  const points = async (): Promise<PointInTime[]> => {
    const positions: bigint[] = [];
    for await (const e of raw.readStream('tick-1')) positions.push(e.position);
    return [
      ...[-1, 0, 1, 5, 25, 26, 27, 51, 77, 102, 103, 200].map((n) => ({ asOf: day(n) })),
      ...[0, 1, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY, 3 * SNAPSHOT_EVERY + 5, positions.length - 1].map((k) => ({ atPosition: positions[k] })),
    ];
  };

  it('answers exactly as the plain fold, the first time and from the snapshots after', async () => {
    const { store } = counting(raw);
    for (const round of [1, 2]) {
      for (const point of await points()) {
        expect({ round, point, ...(await loadAt(store, decider, parse, 'tick-1', point, ZONE)) }).toEqual({ round, point, ...(await expected(point)) });
      }
    }
  });

  it('a later read of an early day reads a few hundred events, not the whole stream', async () => {
    const { store, read } = counting(raw);
    await loadAt(store, decider, parse, 'tick-1', { asOf: day(200) }, ZONE);
    expect(read()).toBe(EVENTS);
    const before = read();
    const early = await loadAt(store, decider, parse, 'tick-1', { asOf: day(30) }, ZONE);
    expect(early).toEqual(await expected({ asOf: day(30) }));
    // From the latest snapshot day 30 includes whole to its last event, and the few acts recorded after the fact.
    expect(read() - before).toBeLessThanOrEqual(SNAPSHOT_EVERY);
    const late = read();
    await loadAt(store, decider, parse, 'tick-1', { asOf: day(200) }, ZONE);
    expect(read() - late).toBeLessThanOrEqual(SNAPSHOT_EVERY);
  });

  it('sees what was appended since it indexed the stream, and concurrent first reads agree', async () => {
    const { store } = counting(raw);
    const first = await Promise.all([day(3), day(60), day(200)].map((d) => loadAt(store, decider, parse, 'tick-1', { asOf: d }, ZONE)));
    expect(first).toEqual(await Promise.all([day(3), day(60), day(200)].map((d) => expected({ asOf: d }))));
    await raw.append('tick-1', Array.from({ length: 300 }, (_, k) => event(EVENTS + k)), { expectedRevision: 'any' });
    // Two reads index the new events at once, one of an early day.
    await Promise.all([{ asOf: day(1) }, { asOf: day(110) }].map((point) => loadAt(store, decider, parse, 'tick-1', point, ZONE)));
    for (const point of [{ asOf: day(200) }, { asOf: day(110) }, { asOf: day(0) }]) {
      expect(await loadAt(store, decider, parse, 'tick-1', point, ZONE)).toEqual(await expected(point));
    }
    // Every snapshot and the head are the plain fold of their whole prefix.
    const history = historiesOf(store).get('tick-1') as StreamHistory<Sum>;
    expect(history.snapshots.map((s) => s.revision)).toEqual(Array.from({ length: Math.floor((EVENTS + 300) / SNAPSHOT_EVERY) }, (_, k) => BigInt((k + 1) * SNAPSHOT_EVERY - 1)));
    for (const snapshot of [...history.snapshots, { revision: BigInt(history.head!.next - 1), state: history.head!.state }]) {
      expect(snapshot.state.revisions).toEqual(Array.from({ length: Number(snapshot.revision) + 1 }, (_, i) => i));
    }
  });

  it('an asOf read of a long stream folds at most 64 events after its snapshot, wherever its day falls', async () => {
    // A cluster ten years old: 2,000 acts, ten a day, read as of days drawn across its history.
    for (let from = EVENTS; from < 2_000; from += 100) {
      await raw.append('tick-1', Array.from({ length: Math.min(100, 2_000 - from) }, (_, k) => event(from + k)), { expectedRevision: 'any' });
    }
    const { store, read } = counting(raw);
    let folded = 0;
    const counted = { initialState: decider.initialState, evolve: (s: Sum, e: { i: number }) => (folded++, decider.evolve(s, e)) };
    await loadAt(store, counted, parse, 'tick-1', { asOf: day(200) }, ZONE);
    expect(folded).toBe(2_000);
    let worst = 0;
    for (let n = 0; n < 200; n += 7) {
      folded = 0;
      const before = read();
      expect(await loadAt(store, counted, parse, 'tick-1', { asOf: day(n) }, ZONE)).toEqual(await expected({ asOf: day(n) }));
      // After the latest snapshot its day includes whole: fewer than 64 of its own, and the acts recorded
      // after the fact (every 97th: a few) that it includes.
      const late = Math.ceil(2_000 / 97);
      expect({ n, folded: folded <= 64 + late, read: read() - before <= 64 + late }).toEqual({ n, folded: true, read: true });
      worst = Math.max(worst, folded);
    }
    expect(worst).toBeGreaterThan(10);
  });

  it('snapshots the whole stream at its first read, even when that read is of an early day', async () => {
    // The first read anyone makes of a long stream is often of an early day: what it indexes must
    // still let a later read of any day start from a snapshot near that day.
    for (let from = EVENTS; from < 2_000; from += 100) {
      await raw.append('tick-1', Array.from({ length: Math.min(100, 2_000 - from) }, (_, k) => event(from + k)), { expectedRevision: 'any' });
    }
    const { store } = counting(raw);
    let folded = 0;
    const counted = { initialState: decider.initialState, evolve: (s: Sum, e: { i: number }) => (folded++, decider.evolve(s, e)) };
    expect(await loadAt(store, counted, parse, 'tick-1', { asOf: day(3) }, ZONE)).toEqual(await expected({ asOf: day(3) }));
    const late = Math.ceil(2_000 / 97);
    for (const n of [150, 199, 60, 4]) {
      folded = 0;
      expect(await loadAt(store, counted, parse, 'tick-1', { asOf: day(n) }, ZONE)).toEqual(await expected({ asOf: day(n) }));
      expect({ n, folded: folded <= SNAPSHOT_EVERY + late }).toEqual({ n, folded: true });
    }
    // The same by position: a read after the last event starts from the last snapshot.
    const positions: bigint[] = [];
    for await (const e of raw.readStream('tick-1')) positions.push(e.position);
    folded = 0;
    const point = { atPosition: positions[positions.length - 1] };
    expect(await loadAt(store, counted, parse, 'tick-1', point, ZONE)).toEqual(await expected(point));
    expect(folded).toBeLessThanOrEqual(SNAPSHOT_EVERY);
  });

  it('keeps taking snapshots of what was appended after it indexed the stream', async () => {
    const { store } = counting(raw);
    let folded = 0;
    const counted = { initialState: decider.initialState, evolve: (s: Sum, e: { i: number }) => (folded++, decider.evolve(s, e)) };
    await loadAt(store, counted, parse, 'tick-1', { asOf: day(2) }, ZONE);
    // Appended in small batches, each followed by a read of an early day (which folds little and
    // reaches the new events only to index them), then one read of the latest day.
    for (let from = EVENTS; from < EVENTS + 10 * SNAPSHOT_EVERY; from += SNAPSHOT_EVERY) {
      await raw.append('tick-1', Array.from({ length: SNAPSHOT_EVERY }, (_, k) => event(from + k)), { expectedRevision: 'any' });
      await loadAt(store, counted, parse, 'tick-1', { asOf: day(1) }, ZONE);
    }
    folded = 0;
    const point = { asOf: day(1_000) };
    expect(await loadAt(store, counted, parse, 'tick-1', point, ZONE)).toEqual(await expected(point));
    expect(folded).toBeLessThanOrEqual(SNAPSHOT_EVERY + Math.ceil((EVENTS + 10 * SNAPSHOT_EVERY) / 97));
  });

  it('a stream that does not exist folds to nothing', async () => {
    expect(await loadAt(raw, decider, parse, 'tick-none', { asOf: day(3) }, ZONE)).toEqual({ state: decider.initialState(), revision: undefined, lastOccurredAt: undefined });
  });
});
