import { randomUUID } from 'node:crypto';
import type { AppendExpectedRevision, EventData } from '@eventstore/db-client';
import { EsdbEventStore, type RecordedEvent } from '../../src';
import { sealEvents } from '../../src/esdb/esdb-mapping';
import { collect, consume, newEvent, newEvents, rejectionOf } from '../contract/fixtures';
import { FakeEsdbClient, NO_POSITION } from './fake-esdb-client';

/**
 * What the adapter does with the server behaviours that made its outcome inevitable in a simpler fake:
 * positional idempotency, positions whose commit and prepare parts differ, stream reads without a
 * position. The fake server's behaviour is pinned first, so a test below cannot pass on a fake that
 * quietly does the adapter's work.
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
    // At the stream's new revision the same ids are new events to the server.
    await fake.appendToStream('s', batch, { expectedRevision: 1n as AppendExpectedRevision });
    expect(fake.log.map((r) => r.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(fake.log[2].id).toBe(fake.log[0].id);
  });

  it('reports the batch’s first position as each event’s prepare position when asked to, as servers before 20.6.1 did', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    await fake.appendToStream('s', [raw(), raw(), raw()], { expectedRevision: 'no_stream' });
    const [a, b, c] = fake.log;
    expect([b.preparePosition, c.preparePosition]).toEqual([a.preparePosition, a.preparePosition]);
    expect(a.commitPosition < b.commitPosition && b.commitPosition < c.commitPosition).toBe(true);
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
      expect(result).toEqual({ nextRevision: 2n, position: fake.log[2].commitPosition });
      await store.close();
    }
  });

  it('gives each event of a batch its commit position when the prepare positions differ', async () => {
    const fake = new FakeEsdbClient({ preparePositions: 'transaction' });
    const store = EsdbEventStore.withClient(fake.asClient(), { pageSize: 3 });
    try {
      for (let i = 0; i < 4; i++) await store.append(`m-${i}`, newEvents(4), { expectedRevision: 'no_stream' });
      const all = await collect(store.readAll());
      expect(all.map((e) => e.position)).toEqual(fake.log.map((r) => r.commitPosition));
      expect(new Set(all.map((e) => e.id)).size).toBe(16);
      // From the middle of a batch: the rest of it, each once.
      const after = await collect(store.readAll({ fromPosition: all[5].position }));
      expect(after.map((e) => e.id)).toEqual(all.slice(6).map((e) => e.id));
      const { events } = await consume(store.subscribeToAll({ fromPosition: all[5].position }), (seen) => seen.length === 10);
      expect(events.map((e) => e.id)).toEqual(all.slice(6).map((e) => e.id));
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

  it('refuses stream reads without a position (a server before 22.10) instead of inventing one', async () => {
    const fake = new FakeEsdbClient({ streamReadPositions: 'unknown' });
    const store = EsdbEventStore.withClient(fake.asClient());
    try {
      await fake.appendToStream('m-1', sealed('m-1', ['T']), { expectedRevision: 'no_stream' });
      expect(NO_POSITION).toBe(2n ** 64n - 1n);
      await expect(collect(store.readStream('m-1'))).rejects.toThrow(/without its position: the adapter needs server 22.10 or later/);
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 'any' })).rejects.toThrow(/22.10/);
      // $all reads carry positions on every server.
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual([fake.log[0].commitPosition]);
    } finally {
      await store.close();
    }
  });
});
