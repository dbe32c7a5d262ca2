import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ClusterEvent, ClusterState } from '@klaster/domain';
import { SqliteEventStore } from '@klaster/event-store';
import { ProjectionRunner, ReadModelStore, clustersReadModel, encodeDocument, type AggregateDoc } from '@klaster/projections';
import { newEvent } from '../../../../libs/event-store/test/contract/fixtures';
import { founded } from '../../../../libs/domain/test/cluster.fixtures';
import { ReadModels } from './read-models.service';

/**
 * Queries read their documents from the store's bounded cache of committed documents instead of
 * parsing them from SQLite on every read. These check that the cache saves the parsing (counted, no
 * timing), that it is never stale — a read after an acknowledged write shows it, a read racing the
 * writes never goes back and always shows what the file holds — and that it stays within its bound.
 */

const STREAM = 'cluster-wmkes';
const event = (e: ClusterEvent) => newEvent(e.type, e.data as never);
const change = (n: number): ClusterEvent => ({
  type: 'RepresentativeChanged',
  data: { memberId: 'm2', previous: { personId: n === 0 ? 'p2' : `p2-${n}`, role: 'Prezes' }, representative: { personId: `p2-${n + 1}`, role: 'Prezes' }, effectiveAt: new Date(Date.UTC(2015, 0, 1, 8) + n * 60_000).toISOString() },
});

describe('ReadModels: queries read the cache of committed documents', () => {
  let dir: string;
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let runner: ProjectionRunner;
  let reads: ReadModels;
  const path = () => join(dir, 'read-models.sqlite');
  const open = (options: { cacheChars?: number } = {}) => {
    models = new ReadModelStore(path(), options);
    runner = new ProjectionRunner(store, models, [clustersReadModel]);
    runner.start();
    reads = new ReadModels(models, runner, 10_000);
  };
  const close = async () => {
    await runner.stop();
    models.close();
  };
  const append = async (...events: ClusterEvent[]) => (await store.append(STREAM, events.map(event), { expectedRevision: 'any' })).position;
  /** What the file holds now, parsed afresh (a copy), as JSON. */
  const inFile = () => encodeDocument(models.get<AggregateDoc<ClusterState>>('clusters', 'wmkes'));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-read-cache-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    open();
    await reads.reached(await append(...founded({ members: 10 })));
  });
  afterEach(async () => {
    await close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses a document once (after a restart), not on every read; a write is read without parsing it again', async () => {
    await reads.reached(await append(change(0), change(1)));
    await close();
    open();
    const before = models.readCounts.documentsParsed;
    const first = reads.doc<ClusterState>('clusters', 'wmkes')!;
    for (let i = 0; i < 20; i++) expect(reads.doc<ClusterState>('clusters', 'wmkes')).toBe(first);
    expect(models.readCounts.documentsParsed - before).toBe(1);
    await reads.reached(await append(change(2)));
    const after = reads.doc<ClusterState>('clusters', 'wmkes')!;
    expect(models.readCounts.documentsParsed - before).toBe(1);
    expect(after.revision).toBe(first.revision + 1n);
    expect(after.state.members.m2.representative.personId).toBe('p2-3');
    expect(encodeDocument(after)).toBe(inFile());
    // The version read before is left as it was (readers may still hold it).
    expect(first.state.members.m2.representative.personId).toBe('p2-2');
  });

  it('a cluster’s documents of a kind come from the cache too', async () => {
    const before = models.readCounts.documentsParsed;
    for (let i = 0; i < 5; i++) expect(reads.byCluster<ClusterState>('clusters', 'wmkes').map((d) => d.state.clusterId)).toEqual(['wmkes']);
    expect(models.readCounts.documentsParsed - before).toBe(0);
  });

  it('a read after an acknowledged write shows it; reads racing the writes never go back and always show what the file holds', async () => {
    let writing = true;
    const seen: bigint[] = [];
    const mismatches: string[] = [];
    const reader = (async () => {
      while (writing) {
        const doc = reads.doc<ClusterState>('clusters', 'wmkes')!;
        seen.push(doc.revision);
        if (encodeDocument(doc) !== inFile()) mismatches.push(`revision ${doc.revision}`);
        await nextTurn();
      }
    })();
    // Writes one by one and in bursts, each read back (as a client passing ?position= does) at once.
    for (let n = 0; n < 120; n += n % 10 === 0 ? 5 : 1) {
      const burst = n % 10 === 0 ? [change(n), change(n + 1), change(n + 2), change(n + 3), change(n + 4)] : [change(n)];
      const position = await append(...burst);
      await reads.reached(position);
      const doc = reads.doc<ClusterState>('clusters', 'wmkes')!;
      expect(doc.position).toBeGreaterThanOrEqual(position);
      expect(doc.state.members.m2.representative.personId).toBe(`p2-${n + burst.length}`);
    }
    writing = false;
    await reader;
    expect(mismatches).toEqual([]);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it('tells whether a collection holds any document without reading one (the start-up check)', async () => {
    const before = models.readCounts.documentsParsed;
    expect(models.hasAny('clusters')).toBe(true);
    expect(models.hasAny('notes')).toBe(false);
    expect(models.readCounts.documentsParsed).toBe(before);
  });

  it('stays within its bound however many documents are read, and answers each right', async () => {
    await close();
    open({ cacheChars: 20_000 });
    const docs = Array.from({ length: 300 }, (_, i) => ({ collection: 'notes', key: `n${i}`, clusterId: 'wmkes', doc: { text: `${i}:`.padEnd(500, 'x'), revision: BigInt(i), position: BigInt(i) } }));
    models.commit('notes', 1n, docs);
    for (let round = 0; round < 2; round++) {
      for (const d of docs) {
        expect(reads.doc<never>('notes', d.key)!.revision).toBe(d.doc.revision);
        expect(models.cachedChars).toBeLessThanOrEqual(20_000);
      }
    }
    expect(models.cachedChars).toBeGreaterThan(10_000);
    // A document deleted is gone from the cache too.
    models.commit('notes', 2n, [{ ...docs[299], doc: undefined }]);
    expect(reads.doc('notes', 'n299')).toBeUndefined();
  });
});
