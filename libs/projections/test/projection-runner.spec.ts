import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, type Projection } from '../src';
import { newEvents } from '../../event-store/test/contract/fixtures';

/** Counts, per stream, how many times each event was applied: a double application shows. */
const counting = (failOn?: { position: () => bigint | undefined; times: number }): Projection<{ applied: number; positions: string[] }> => ({
  collection: 'counts',
  keyOf: (e: RecordedEvent) => e.streamId,
  apply: (doc, e) => {
    if (failOn && failOn.times > 0 && e.position === failOn.position()) {
      failOn.times--;
      throw new Error('projection bug on this event');
    }
    return { applied: (doc?.applied ?? 0) + 1, positions: [...(doc?.positions ?? []), e.position.toString()] };
  },
  clusterIdOf: () => null,
});

describe('ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-projections-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    models = new ReadModelStore(join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    models.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up, goes live, and commits documents with the checkpoint', async () => {
    await store.append('s-1', newEvents(2500), { expectedRevision: 'no_stream' });
    const runner = new ProjectionRunner(store, models, [counting()], { batchSize: 1000 });
    const applied: bigint[] = [];
    runner.on('applied', (a) => applied.push(a.event.position));
    runner.start();
    expect(await runner.caughtUp(10_000)).toBe(true);
    const live = await store.append('s-2', newEvents(3), { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(live.position, 5_000)).toBe(true);
    await runner.stop();
    expect(models.get('counts', 's-1')).toMatchObject({ applied: 2500 });
    expect(models.get('counts', 's-2')).toMatchObject({ applied: 3 });
    expect(models.checkpoint('read-models')).toBe(live.position);
    expect(applied).toHaveLength(2503);
  });

  it('resumes after a restart exactly where it stopped: nothing applied twice, nothing skipped', async () => {
    await store.append('s-1', newEvents(100), { expectedRevision: 'no_stream' });
    const first = new ProjectionRunner(store, models, [counting()]);
    first.start();
    await first.caughtUp();
    await first.stop();
    await store.append('s-1', newEvents(50), { expectedRevision: 99n });
    const second = new ProjectionRunner(store, models, [counting()]);
    second.start();
    await second.caughtUp();
    await second.stop();
    const doc = models.get<{ applied: number; positions: string[] }>('counts', 's-1')!;
    expect(doc.applied).toBe(150);
    expect(new Set(doc.positions).size).toBe(150);
  });

  it('after a failure mid-batch, resubscribes from the committed checkpoint without applying anything twice', async () => {
    await store.append('s-1', newEvents(300), { expectedRevision: 'no_stream' });
    let failAt: bigint | undefined;
    for await (const e of store.readStream('s-1', { from: 150n, maxCount: 1 })) failAt = e.position;
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(store, models, [counting({ position: () => failAt, times: 2 })], {
      batchSize: 100,
      retryDelayMs: 5,
      onError: (e) => errors.push(e),
    });
    runner.start();
    expect(await runner.caughtUp(10_000)).toBe(true);
    await runner.stop();
    expect(errors).toHaveLength(2);
    const doc = models.get<{ applied: number; positions: string[] }>('counts', 's-1')!;
    expect(doc.applied).toBe(300);
    expect(new Set(doc.positions).size).toBe(300);
  });

  // How many transactions a burst costs depends on timing: npm run bench:live (part "batching") measures it.
  it('once live, commits what arrives and announces each event after its commit, in log order', async () => {
    const runner = new ProjectionRunner(store, models, [counting()]);
    runner.start();
    expect(await runner.caughtUp(10_000)).toBe(true);
    const commits: bigint[] = [];
    const commit = models.commit.bind(models);
    jest.spyOn(models, 'commit').mockImplementation((name, position, writes) => {
      commits.push(position);
      commit(name, position, writes);
    });
    const announced: { position: bigint; committedThen: bigint }[] = [];
    runner.on('applied', (a) => announced.push({ position: a.event.position, committedThen: models.checkpoint('read-models')! }));

    // 200 events acknowledged together, then a lone one.
    const burst = await store.append('s-1', newEvents(200), { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(burst.position, 5_000)).toBe(true);
    const lone = await store.append('s-2', newEvents(1), { expectedRevision: 'no_stream' });
    expect(await runner.waitFor(lone.position, 5_000)).toBe(true);
    await runner.stop();

    expect(commits.length).toBeGreaterThan(0);
    expect(commits).toEqual([...commits].sort((a, b) => (a < b ? -1 : 1)));
    expect(commits.at(-1)).toBe(lone.position);
    expect(announced.map((a) => a.position)).toEqual([...announced.map((a) => a.position)].sort((a, b) => (a < b ? -1 : 1)));
    expect(announced).toHaveLength(201);
    // Never announced before its commit: a client told of an event finds it in the read models.
    for (const a of announced) expect(a.committedThen >= a.position).toBe(true);
    expect(models.get('counts', 's-1')).toMatchObject({ applied: 200 });
  });

  it('answers waitFor with false when the position is not reached in time', async () => {
    const runner = new ProjectionRunner(store, models, [counting()]);
    runner.start();
    expect(await runner.waitFor(10_000n, 50)).toBe(false);
    await runner.stop();
  });
});
