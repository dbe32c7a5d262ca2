import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, verifyLog, type GlobalPosition } from '../../src';
import { tamperWithEvent } from '../support/tamper';
import { newEvent } from '../contract/fixtures';

/** A store of ten events, five in each of two streams, interleaved: positions 1…10. */
async function tenEvents(path: string): Promise<SqliteEventStore> {
  const store = SqliteEventStore.open({ path, pollIntervalMs: 20 });
  for (let i = 0; i < 10; i++) {
    const streamId = i % 2 === 0 ? 'even' : 'odd';
    await store.append(streamId, [newEvent('Counted', { i })], { expectedRevision: i < 2 ? 'no_stream' : BigInt(Math.floor(i / 2) - 1) });
  }
  return store;
}

describe('verifyLog', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-verify-log-'));
    path = join(dir, 'events.sqlite');
    store = await tenEvents(path);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports progress every n events and once at the end, and counts streams', async () => {
    const progress: { eventsChecked: number; position: GlobalPosition }[] = [];
    const report = await verifyLog(store, undefined, { progressEvery: 3, onProgress: (p) => progress.push(p) });
    expect(report).toEqual({ ok: true, eventsChecked: 10, streamsChecked: 2, problems: [], lastPosition: 10n });
    expect(progress).toEqual([3, 6, 9, 10].map((n) => ({ eventsChecked: n, position: BigInt(n) })));
  });

  it('walks from a position (exclusive) to a position (inclusive)', async () => {
    expect(await verifyLog(store, undefined, { fromPosition: 3n, toPosition: 7n })).toMatchObject({ ok: true, eventsChecked: 4, lastPosition: 7n });
    expect(await verifyLog(store, undefined, { toPosition: 1n })).toMatchObject({ eventsChecked: 1, streamsChecked: 1, lastPosition: 1n });
    // Nothing after the head: no event checked, no last position, no progress call.
    const progress: unknown[] = [];
    expect(await verifyLog(store, undefined, { fromPosition: 10n, onProgress: (p) => progress.push(p) })).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0, problems: [], lastPosition: undefined });
    expect(progress).toEqual([]);
  });

  it('stops when asked, at the next progress report', async () => {
    let reports = 0;
    const report = await verifyLog(store, undefined, { progressEvery: 4, onProgress: () => reports++, shouldStop: () => reports >= 1 });
    expect(report).toMatchObject({ ok: true, eventsChecked: 4, lastPosition: 4n });
  });

  it('names every damaged event and goes on past each; damage beyond the end of the walk is not reported', async () => {
    await store.close();
    tamperWithEvent(path, 'even', 1n, '{"i":99}'); // position 3
    tamperWithEvent(path, 'odd', 3n, '{"i":99}'); // position 8
    store = SqliteEventStore.open({ path, pollIntervalMs: 20 });
    const seen: GlobalPosition[] = [];
    const report = await verifyLog(store, undefined, { onDamage: (d) => seen.push(d.position) });
    expect(report.ok).toBe(false);
    expect(report.eventsChecked).toBe(10);
    expect(report.problems.map((p) => [p.streamId, p.revision, p.position])).toEqual([
      ['even', 1n, 3n],
      ['odd', 3n, 8n],
    ]);
    expect(seen).toEqual([3n, 8n]);
    // The walk ends at 7: the damaged event right after it (8) is beyond, not part of this walk.
    const upTo = await verifyLog(store, undefined, { toPosition: 7n });
    expect(upTo.problems.map((p) => p.position)).toEqual([3n]);
    expect(upTo.eventsChecked).toBe(7);
    // Asked to stop at the first damage: the report covers what was checked.
    expect(await verifyLog(store, undefined, { shouldStop: () => true })).toMatchObject({ ok: false, eventsChecked: 3, lastPosition: 3n });
  });
});
