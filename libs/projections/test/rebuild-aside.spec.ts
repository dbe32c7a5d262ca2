import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, StoreUnavailable, type EventStore, type ReadAllOptions, type RecordedEvent } from '@klaster/event-store';
import {
  ProjectionRunner,
  READ_MODELS_CHECKPOINT,
  ReadModelStore,
  ReadModelsInUse,
  asideOf,
  rebuildReadModelsAside,
  type Projection,
} from '../src';
import { newEvents } from '../../event-store/test/contract/fixtures';
import { tamperWithEvent } from '../../event-store/test/support/tamper';

type Counted = { applied: number };
const counting: Projection<Counted> = {
  collection: 'counts',
  keyOf: (e) => e.streamId,
  apply: (doc) => ({ applied: (doc?.applied ?? 0) + 1 }),
  clusterIdOf: () => null,
};

/** The store, except that reading the whole log fails after `after` events (a disk error, a lost connection). */
function failingAfter(store: EventStore, after: number): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
      let n = 0;
      for await (const e of store.readAll(options)) {
        if (n++ === after) throw new StoreUnavailable('the disk went away mid-rebuild');
        yield e;
      }
    },
  });
}

describe('rebuildReadModelsAside', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-aside-'));
    path = join(dir, 'read-models.sqlite');
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    for (const s of ['s-1', 's-2']) await store.append(s, newEvents(300), { expectedRevision: 'no_stream' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The read models a server left: its runner's documents and checkpoint. */
  async function serverKept(): Promise<bigint> {
    const models = new ReadModelStore(path, { exclusive: true });
    const runner = new ProjectionRunner(store, models, [counting]);
    runner.start();
    await runner.caughtUp(10_000);
    await runner.stop();
    const checkpoint = models.checkpoint(READ_MODELS_CHECKPOINT)!;
    models.close();
    return checkpoint;
  }

  it('a rebuild that fails midway leaves the previous read models as they were, and usable', async () => {
    const checkpoint = await serverKept();
    await store.append('s-3', newEvents(5), { expectedRevision: 'no_stream' });
    await expect(rebuildReadModelsAside(failingAfter(store, 450), path, [counting], { batchSize: 100 })).rejects.toBeInstanceOf(StoreUnavailable);

    expect(readdirSync(dir).filter((f) => f.startsWith('read-models'))).toEqual(['read-models.sqlite']);
    const models = new ReadModelStore(path, { exclusive: true });
    try {
      expect(models.checkpoint(READ_MODELS_CHECKPOINT)).toBe(checkpoint);
      expect(models.get('counts', 's-1')).toEqual({ applied: 300 });
      expect(models.get('counts', 's-2')).toEqual({ applied: 300 });
      // A runner goes on from the old checkpoint: nothing lost, nothing twice.
      const runner = new ProjectionRunner(store, models, [counting]);
      runner.start();
      expect(await runner.caughtUp(10_000)).toBe(true);
      await runner.stop();
      expect(models.get('counts', 's-3')).toEqual({ applied: 5 });
    } finally {
      models.close();
    }
  });

  it('replaces the live read models only once complete: a stale document is gone, a damaged stream marked, no journal left', async () => {
    const models = new ReadModelStore(path, { exclusive: true });
    models.commit(READ_MODELS_CHECKPOINT, 99_999n, [{ collection: 'stale', key: 'x', clusterId: null, doc: { left: 'over' } }]);
    models.close();
    // A crashed rebuild's leftovers are discarded, not trusted.
    writeFileSync(asideOf(path), 'half a file');
    const { position } = tamperWithEvent(join(dir, 'events.sqlite'), 's-2', 100n, '{"i":1000}');

    const result = await rebuildReadModelsAside(store, path, [counting], { batchSize: 64 });
    expect(result).toMatchObject({ events: 599, position: await store.headPosition() });
    expect(result.damaged).toEqual([expect.objectContaining({ collection: 'counts', key: 's-2', position, revision: 100n })]);
    expect(readdirSync(dir).filter((f) => f.startsWith('read-models'))).toEqual(['read-models.sqlite']);

    const after = new ReadModelStore(path, { exclusive: true });
    try {
      expect(after.collections()).toEqual(['counts']);
      expect(after.get('counts', 's-1')).toEqual({ applied: 300 });
      expect(after.get('counts', 's-2')).toEqual({ applied: 100 });
      expect(after.damageOf('counts', 's-2')).toMatchObject({ position, problem: { kind: 'hash_mismatch' } });
      expect(after.checkpoint(READ_MODELS_CHECKPOINT)).toBe(await store.headPosition());
    } finally {
      after.close();
    }
  });

  it('is refused while another process holds the read models, naming it, and leaves them alone', async () => {
    const checkpoint = await serverKept();
    const server = new ReadModelStore(path, { exclusive: true, role: 'a Klaster server' });
    try {
      const refused = await rebuildReadModelsAside(store, path, [counting]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ReadModelsInUse);
      expect((refused as ReadModelsInUse).owner).toMatchObject({ pid: process.pid, role: 'a Klaster server' });
      expect((refused as Error).message).toContain(`a Klaster server (pid ${process.pid}`);
      expect(existsSync(asideOf(path))).toBe(false);
      expect(server.checkpoint(READ_MODELS_CHECKPOINT)).toBe(checkpoint);
    } finally {
      server.close();
    }
    // And a second holder is refused while the first holds them, whoever it is.
    const first = new ReadModelStore(path, { exclusive: true, role: 'a Klaster server' });
    try {
      expect(() => new ReadModelStore(path, { exclusive: true, role: 'a second server' })).toThrow(ReadModelsInUse);
    } finally {
      first.close();
    }
    expect(existsSync(`${path}.owner`)).toBe(false);
  });
});
