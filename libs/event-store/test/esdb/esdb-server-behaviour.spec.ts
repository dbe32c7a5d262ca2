import { randomUUID } from 'node:crypto';
import type { AppendExpectedRevision, EventData } from '@eventstore/db-client';
import { UnsupportedServer, type RecordedEvent } from '../../src';
import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { collect, consume, newEvent, newEvents, rejectionOf } from '../contract/fixtures';
import { FakeEsdbClient, NO_POSITION } from './fake-esdb-client';
import { notLeaderServiceError } from './client-messages';

/**
 * What the adapter does with the server behaviours that made its outcome inevitable in a simpler fake:
 * positional idempotency, positions whose commit and prepare parts differ, events sharing one commit
 * position, stream reads without a position. The fake server's behaviour is pinned first, so a test
 * below cannot pass on a fake that quietly does the adapter's work.
 */
const raw = (type = 'T'): EventData => ({ id: randomUUID(), contentType: 'application/json', type, data: {}, metadata: {} }) as EventData;
/** Events sealed onto a new stream's chain, as another writer of Klaster would send them past the adapter. */
const sealed = (streamId: string, types: string[]): EventData[] =>
  sealEvents(streamId, types.map((type) => ({ ...newEvent(), type })), undefined, new Date().toISOString());

describe('the fake server', () => {
  it('is idempotent by position: the same ids at the same expected revision write nothing; at another revision, duplicates', async () => {
    const fake = new FakeEsdbClient();
    const batch = [raw(), raw()];
    const first = await fake.appendToStream('s', batch, { expectedRevision: 'no_stream' });
    const again = await fake.appendToStream('s', batch, { expectedRevision: 'no_stream' });
    expect(again).toEqual(first);
    expect(fake.log).toHaveLength(2);
    // With 'any', only a batch at the stream's end is recognised.
    expect(await fake.appendToStream('s', batch, { expectedRevision: 'any' })).toEqual(first);
    expect(fake.log).toHaveLength(2);
    // Part of the batch at its place is a conflict, not a success.
    await expect(fake.appendToStream('s', [batch[0], raw()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ type: 'wrong-expected-version' });
    // At the stream's new revision the same ids are new events to the server.
    await fake.appendToStream('s', batch, { expectedRevision: 1n as AppendExpectedRevision });
    expect(fake.log.map((r) => r.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(fake.log[2].id).toBe(fake.log[0].id);
  });

  it('reports the batch’s first position as each event’s prepare position when asked to, as servers before 20.6.1 did', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    await fake.appendToStream('s', [raw(), raw(), raw()], { expectedRevision: 'no_stream' });
    const [a, b, c] = fake.log;
    expect([b.preparePosition, c.preparePosition]).toEqual([a.position, a.position]);
    expect(a.position < b.position && b.position < c.position).toBe(true);
  });

  it('orders $all by commit, then prepare: a read from a place between two records starts at the next one', async () => {
    const fake = new FakeEsdbClient();
    fake.writeExplicitTransaction('legacy-1', [raw('A'), raw('B')]);
    const [a, b] = fake.log;
    expect(a.position).toBe(b.position);
    expect(a.preparePosition! < b.preparePosition!).toBe(true);
    const types = async (from: { commit: bigint; prepare: bigint }) => (await collect(fake.readAll({ fromPosition: from, maxCount: 10 }))).map((r) => r.event?.type);
    expect(await types({ commit: a.position, prepare: a.preparePosition! })).toEqual(['A', 'B']);
    expect(await types({ commit: a.position, prepare: a.preparePosition! + 1n })).toEqual(['B']);
    expect(await types({ commit: a.position, prepare: a.position })).toEqual([]);
  });
});

describe('EsdbEventStore against the server’s behaviour', () => {
  it('answers a re-send the server recognised with the stored position, also when the server gives none', async () => {
    for (const idempotentAnswer of ['position', 'none'] as const) {
      const fake = new FakeEsdbClient({ idempotentAnswer });
      const store = EsdbEventStore.withClient(fake.asClient());
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      // The first attempt lands between this attempt's read of the head and its append (a retry racing the original).
      const original = fake.appendToStream.bind(fake);
      let raced = false;
      fake.appendToStream = async (name, events, options) => {
        if (!raced) {
          raced = true;
          await original(name, events, options);
        }
        return original(name, events, options);
      };
      const result = await store.append('m-1', newEvents(2), { expectedRevision: 0n });
      expect(fake.log).toHaveLength(3);
      expect(result).toEqual({ nextRevision: 2n, position: fake.log[2].position });
      await store.close();
    }
  });

  it('gives each event of a batch its commit position when the prepare positions differ', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    const store = EsdbEventStore.withClient(fake.asClient(), { pageSize: 3 });
    try {
      for (let i = 0; i < 4; i++) await store.append(`m-${i}`, newEvents(4), { expectedRevision: 'no_stream' });
      const all = await collect(store.readAll());
      expect(all.map((e) => e.position)).toEqual(fake.log.map((r) => r.position));
      expect(new Set(all.map((e) => e.id)).size).toBe(16);
      // Each page after the first starts at the exact place of the last record read.
      const starts = fake.readAllRequests.slice(1).map((r) => r.from);
      expect(starts).toEqual([2, 4, 6, 8, 10, 12, 14].map((i) => ({ commit: fake.log[i].position, prepare: fake.log[i].preparePosition })));
      // From the middle of a batch: the rest of it, each once.
      const after = await collect(store.readAll({ fromPosition: all[5].position }));
      expect(after.map((e) => e.id)).toEqual(all.slice(6).map((e) => e.id));
      const { events } = await consume(store.subscribeToAll({ fromPosition: all[5].position }), (seen) => seen.length === 10);
      expect(events.map((e) => e.id)).toEqual(all.slice(6).map((e) => e.id));
    } finally {
      await store.close();
    }
  });

  it('resumes a read of $all after a NOT_LEADER answer from the exact place of the last record seen', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    const store = EsdbEventStore.withClient(fake.asClient(), { leaderRetryPauseMs: 1 });
    try {
      await store.append('m-1', newEvents(6), { expectedRevision: 'no_stream' });
      const expected = fake.log.map((r) => r.id);
      // The gRPC error itself, converted by the client's own read stream.
      fake.failNext('readAll', notLeaderServiceError() as Error, 4);
      expect((await collect(store.readAll())).map((e) => e.id)).toEqual(expected);
      expect(fake.calls.readAll).toBe(2);
      const resumedAt = fake.readAllRequests[1].from as { commit: bigint; prepare: bigint };
      const record = fake.log.find((r) => r.position === resumedAt.commit)!;
      expect(record.preparePosition).toBeLessThan(record.position);
      expect(resumedAt).toEqual({ commit: record.position, prepare: record.preparePosition });
    } finally {
      await store.close();
    }
  });

  it('finds the head across pages of system events whose prepare positions differ from their commit positions', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    const store = EsdbEventStore.withClient(fake.asClient());
    try {
      const { position } = await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      // One batch of 150 system events: all but the first have a prepare position below their commit position.
      fake.writeRaw('$stats-node', Array.from({ length: 150 }, () => raw('$statsCollected')));
      expect(await store.headPosition()).toBe(position);
      // The second page starts exactly at the first page's last record (excluded by a backwards read), not at (commit, commit).
      const lowestOfFirstPage = fake.log[fake.log.length - 100];
      expect(fake.readAllRequests[1].from).toEqual({ commit: lowestOfFirstPage.position, prepare: lowestOfFirstPage.preparePosition });
      expect(fake.calls.readAll).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('refuses events of a legacy explicit transaction (one commit position for several events) instead of losing them', async () => {
    const fake = new FakeEsdbClient();
    const store = EsdbEventStore.withClient(fake.asClient(), { pageSize: 2 });
    try {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.writeExplicitTransaction('legacy-1', sealed('legacy-1', ['A', 'B', 'C']));
      await expect(collect(store.readAll())).rejects.toThrow(/share commit position/);
      const seen: RecordedEvent[] = [];
      const failure = await rejectionOf(async () => {
        for await (const m of store.subscribeToAll()) if (m.kind === 'event') seen.push(m.event);
      });
      expect(String(failure)).toMatch(/share commit position/);
      expect(seen.map((e) => e.streamId)).toEqual(['m-1', 'legacy-1']);
    } finally {
      await store.close();
    }
  });

  it('refuses stream reads without a position (2^64 − 1, a server before 22.10) instead of inventing one; $all still reads', async () => {
    const fake = new FakeEsdbClient();
    const store = EsdbEventStore.withClient(fake.asClient());
    try {
      await fake.appendToStream('m-1', sealed('m-1', ['T']), { expectedRevision: 'no_stream' });
      fake.streamReadsWithoutPosition = true;
      expect(NO_POSITION).toBe(2n ** 64n - 1n);
      await expect(collect(store.readStream('m-1'))).rejects.toBeInstanceOf(UnsupportedServer);
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(UnsupportedServer);
      expect(fake.log).toHaveLength(1);
      // $all reads carry positions on every server.
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual([fake.log[0].position]);
    } finally {
      await store.close();
    }
  });
});
