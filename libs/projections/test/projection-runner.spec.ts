import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, type Projection } from '../src';
import { newEvents } from '../../event-store/test/contract/fixtures';
import { tamperWithEvent } from '../../event-store/test/support/tamper';
import type { DocumentDamage } from '../src';

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

  it('once live, commits what arrived together in one transaction, and announces each event after it', async () => {
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

    expect(commits.length).toBeLessThan(20);
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

  describe('a damaged record stops only what depends on it', () => {
    type Counted = { applied: number; positions: string[] };

    it('marks the damaged stream\'s document, keeps its last good state, and goes on with every other stream, live too', async () => {
      for (const stream of ['s-1', 's-2', 's-3']) await store.append(stream, newEvents(10), { expectedRevision: 'no_stream' });
      const { position } = tamperWithEvent(join(dir, 'events.sqlite'), 's-2', 5n, '{"i":500}');
      const found: DocumentDamage[] = [];
      const runner = new ProjectionRunner(store, models, [counting()], { retryDelayMs: 5 });
      runner.on('damaged', (d: DocumentDamage[]) => found.push(...d));
      runner.start();
      expect(await runner.caughtUp(10_000)).toBe(true);
      const live = await store.append('s-3', newEvents(2), { expectedRevision: 9n });
      expect(await runner.waitFor(live.position, 5_000)).toBe(true);
      await runner.stop();

      const damage = { collection: 'counts', key: 's-2', streamId: 's-2', revision: 5n, position, problem: { kind: 'hash_mismatch' } };
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject(damage);
      expect(models.damageOf('counts', 's-2')).toMatchObject(damage);
      expect(models.damageOf('counts', 's-1')).toBeUndefined();
      // Revisions 0-4 of s-2 and nothing after: a damaged stream is never folded past the damage.
      expect(models.get<Counted>('counts', 's-2')!.applied).toBe(5);
      expect(models.get<Counted>('counts', 's-1')!.applied).toBe(10);
      expect(models.get<Counted>('counts', 's-3')!.applied).toBe(12);
      expect(runner.failure).toBeUndefined();

      // After a restart the mark is still there, and nothing is applied to that document again.
      const again = new ProjectionRunner(store, models, [counting()]);
      const foundAgain: unknown[] = [];
      again.on('damaged', (d) => foundAgain.push(d));
      again.start();
      expect(await again.caughtUp(5_000)).toBe(true);
      await again.stop();
      expect(foundAgain).toEqual([]);
      expect(models.damages()).toHaveLength(1);
      expect(models.damages()[0]).toMatchObject(damage);
      expect(models.get<Counted>('counts', 's-2')!.applied).toBe(5);
    });

    it('a projection that keeps throwing on one event gives up only that document after maxProjectionAttempts', async () => {
      await store.append('s-1', newEvents(20), { expectedRevision: 'no_stream' });
      await store.append('s-2', newEvents(20), { expectedRevision: 'no_stream' });
      let failAt: bigint | undefined;
      for await (const e of store.readStream('s-1', { from: 7n, maxCount: 1 })) failAt = e.position;
      const errors: unknown[] = [];
      const runner = new ProjectionRunner(store, models, [counting({ position: () => failAt, times: Infinity })], {
        batchSize: 5,
        retryDelayMs: 1,
        maxProjectionAttempts: 3,
        onError: (e) => errors.push(e),
      });
      runner.start();
      expect(await runner.caughtUp(10_000)).toBe(true);
      await runner.stop();
      // Three failed attempts (each reported), then the document is given up and the rest goes on.
      expect(errors).toHaveLength(3);
      expect(models.damageOf('counts', 's-1')).toMatchObject({ revision: 7n, position: failAt, problem: { kind: 'projection_failed', reason: 'projection bug on this event' } });
      expect(models.get<Counted>('counts', 's-1')!.applied).toBe(7);
      expect(models.get<Counted>('counts', 's-2')!.applied).toBe(20);
    });
  });
});
