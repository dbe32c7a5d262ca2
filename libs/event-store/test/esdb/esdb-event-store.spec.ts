import {
  DamagedEvent,
  DuplicateEventId,
  EventTooLarge,
  InvalidEventStoreInput,
  StoreUnavailable,
  StreamNotFound,
  UnsupportedServer,
  WrongExpectedVersion,
  verifyLog,
} from '../../src';
import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { collect, forgedEvent, newEvent, newEvents, rejectionOf } from '../contract/fixtures';
import { FakeEsdbClient } from './fake-esdb-client';
import { notLeaderError } from './client-messages';

/**
 * The adapter's own logic (chain sealing, revision checks, idempotency, retries, paging) against an
 * in-memory client. It proves the logic, not EventStoreDB: the contract suite does that against a server.
 */
describe('EsdbEventStore over a fake client', () => {
  let fake: FakeEsdbClient;
  let store: EsdbEventStore;
  beforeEach(() => {
    fake = new FakeEsdbClient();
    store = EsdbEventStore.withClient(fake.asClient(), { pageSize: 3, now: () => new Date('2025-03-01T10:00:00Z') });
  });

  describe('append', () => {
    it('appends at the exact revision it read, so the server refuses a forked chain', async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      const result = await store.append('m-1', [newEvent()], { expectedRevision: 'any' });
      expect(fake.appendCalls.map((c) => c.expectedRevision)).toEqual(['no_stream', 1n]);
      expect(result).toEqual({ nextRevision: 2n, position: fake.log[2].position });
      const events = await collect(store.readStream('m-1'));
      expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
      expect(await verifyLog(store)).toMatchObject({ ok: true, eventsChecked: 3 });
    });

    it('re-reads and re-seals after losing a race when the caller expected any', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.beforeAppend = (stream) => {
        fake.beforeAppend = undefined;
        fake.appendBySomeoneElse(stream);
      };
      const result = await store.append('m-1', [newEvent('Mine')], { expectedRevision: 'any' });
      expect(result.nextRevision).toBe(2n);
      const events = await collect(store.readStream('m-1'));
      expect(events.map((e) => e.type)).toEqual(['SomethingHappened', 'Other', 'Mine']);
      expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
    });

    it('reports a lost race as WrongExpectedVersion with the actual revision when the caller gave one', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.beforeAppend = (stream) => {
        fake.beforeAppend = undefined;
        fake.appendBySomeoneElse(stream);
      };
      const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ streamId: 'm-1', expected: 0n, actual: 1n });
    });

    it('gives up after a bounded number of lost races', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.beforeAppend = (stream) => fake.appendBySomeoneElse(stream);
      const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 'stream_exists' }));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(fake.appendCalls.filter((c) => c.count === 1).length).toBe(1 + 10);
    });

    it('checks the expectation itself: behind, ahead, no_stream and stream_exists', async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      for (const [expected, actual] of [[0n, 1n], [5n, 1n], ['no_stream', 1n]] as const) {
        const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: expected }));
        expect(error).toMatchObject({ streamId: 'm-1', expected, actual });
      }
      const missing = await rejectionOf(store.append('m-2', [newEvent()], { expectedRevision: 'stream_exists' }));
      expect(missing).toMatchObject({ actual: 'no_stream' });
      expect(fake.appendCalls).toHaveLength(1);
    });

    it('treats a retry of the last batch as a success that writes nothing', async () => {
      const batch = newEvents(3);
      const first = await store.append('m-1', batch, { expectedRevision: 'no_stream' });
      expect(await store.append('m-1', batch, { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.append('m-1', batch, { expectedRevision: 'any' })).toEqual(first);
      expect(fake.log).toHaveLength(3);
    });

    it('recognises a retry with the original exact revision after others appended', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      const batch = newEvents(2);
      const first = await store.append('m-1', batch, { expectedRevision: 0n });
      await store.append('m-1', [newEvent()], { expectedRevision: 2n });
      expect(await store.append('m-1', batch, { expectedRevision: 0n })).toEqual(first);
      expect(fake.log).toHaveLength(4);
    });

    it('refuses a batch that reuses only part of an earlier one at the expected revisions', async () => {
      const batch = newEvents(2);
      await store.append('m-1', batch, { expectedRevision: 'no_stream' });
      await store.append('m-1', [newEvent()], { expectedRevision: 1n });
      const error = await rejectionOf(store.append('m-1', [batch[0], newEvent()], { expectedRevision: 'no_stream' }));
      expect(error).toBeInstanceOf(DuplicateEventId);
    });

    it('validates before touching the server', async () => {
      const error = await rejectionOf(store.append('$system', [newEvent()], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(InvalidEventStoreInput);
      const huge = await rejectionOf(store.append('m-1', [newEvent('Huge', { blob: 'x'.repeat(1_100_000) })], { expectedRevision: 'any' }));
      expect(huge).toBeInstanceOf(EventTooLarge);
      expect(fake.appendCalls).toHaveLength(0);
    });

    it("maps the server's append size limit to EventTooLarge", async () => {
      fake.maxAppendBytes = 500;
      const error = await rejectionOf(store.append('m-1', newEvents(5), { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(EventTooLarge);
      expect(error).toMatchObject({ limit: 500 });
    });
  });

  describe('reading', () => {
    it('fails with StreamNotFound when a missing stream is iterated, even with maxCount 0', async () => {
      await expect(collect(store.readStream('nope'))).rejects.toBeInstanceOf(StreamNotFound);
      await expect(collect(store.readStream('nope', { maxCount: 0 }))).rejects.toBeInstanceOf(StreamNotFound);
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      expect(await collect(store.readStream('m-1', { maxCount: 0 }))).toEqual([]);
    });

    it('reads a stream backwards from the end by default', async () => {
      await store.append('m-1', newEvents(4), { expectedRevision: 'no_stream' });
      const down = await collect(store.readStream('m-1', { direction: 'backwards', maxCount: 2 }));
      expect(down.map((e) => e.revision)).toEqual([3n, 2n]);
    });

    it('reads $all after a position exclusively, in pages, filtered, without system events', async () => {
      const written: string[] = [];
      for (let i = 0; i < 8; i++) {
        const event = newEvent('Ordered', { i });
        written.push(event.id);
        await store.append(`m-${i % 2}`, [event], { expectedRevision: 'any' });
        fake.writeSystemEvent();
      }
      await store.append('other-1', [newEvent()], { expectedRevision: 'any' });
      const all = await collect(store.readAll({ filter: { streamPrefixes: ['m-'] } }));
      expect(all.map((e) => e.id)).toEqual(written);
      const after = await collect(store.readAll({ fromPosition: all[2].position, filter: { streamPrefixes: ['m-'] }, maxCount: 3 }));
      expect(after.map((e) => e.id)).toEqual(written.slice(3, 6));
      expect(await collect(store.readAll({ maxCount: 0 }))).toEqual([]);
      expect((await collect(store.readAll())).some((e) => e.streamId.startsWith('$'))).toBe(false);
    });

    it('puts the head at the last non-system event, START when there is none', async () => {
      expect(await store.headPosition()).toBe(0n);
      fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(0n);
      const { position } = await store.append('m-1', [newEvent()], { expectedRevision: 'any' });
      fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(position);
    });
  });

  describe('damage', () => {
    it('checks every event read: a stream read, readAll and verifyLog name the altered one; an append onto it is refused', async () => {
      await store.append('m-1', newEvents(3), { expectedRevision: 'no_stream' });
      await store.append('m-2', newEvents(2), { expectedRevision: 'no_stream' });
      fake.tamper('m-1', 2n, { i: 99 });
      const damaged = { streamId: 'm-1', revision: 2n, eventId: fake.streams.get('m-1')![2].id, position: fake.streams.get('m-1')![2].position, problem: { kind: 'hash_mismatch' } };
      await expect(collect(store.readStream('m-1'))).rejects.toMatchObject({ damage: damaged });
      await expect(collect(store.readStream('m-1', { from: 2n }))).rejects.toBeInstanceOf(DamagedEvent);
      expect(await collect(store.readStream('m-1', { maxCount: 2 }))).toHaveLength(2);
      await expect(collect(store.readAll())).rejects.toMatchObject({ damage: damaged });
      const report = await verifyLog(store);
      expect(report).toMatchObject({ ok: false, eventsChecked: 5, streamsChecked: 2, problems: [damaged] });
      const appendsBefore = fake.appendCalls.length;
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 'any' })).rejects.toMatchObject({ damage: damaged });
      expect(fake.appendCalls.length).toBe(appendsBefore);
    });

    it("looks up the predecessor of a stream's first event in a read that starts after it", async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      const [head] = await collect(store.readStream('m-1', { direction: 'backwards', maxCount: 1 }));
      // Sealed onto a hash that is not revision 1's: its own hash is right, its link is not.
      const { event, metadata, prevHash, hash } = forgedEvent('m-1', { revision: head.revision, hash: head.metadata.hash }, 'link');
      fake.writeRaw('m-1', [{ id: event.id, type: event.type, contentType: 'application/json', data: event.data, metadata: { ...metadata, prevHash, hash } } as never]);
      const broken = { damage: { revision: 2n, problem: { kind: 'broken_link', expectedPrevHash: head.metadata.hash } } };
      await expect(collect(store.readStream('m-1', { from: 2n }))).rejects.toMatchObject(broken);
      await expect(collect(store.readAll({ fromPosition: head.position }))).rejects.toMatchObject(broken);
      expect(await collect(store.readStream('m-1', { maxCount: 2 }))).toHaveLength(2);
    });
  });

  it('close() disposes the client and refuses later calls', async () => {
    await store.close();
    expect(fake.disposed).toBe(true);
    expect(await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 'any' }))).toBeInstanceOf(StoreUnavailable);
  });

  describe('a server too old for the port', () => {
    it.each(['23.6.0.0', '22.10.1.0', '20.10.5.0'])('refuses %s before any call reaches it, naming its version', async (version) => {
      fake.serverVersion = version;
      const refusal = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 'any' }));
      expect(refusal).toBeInstanceOf(UnsupportedServer);
      expect((refusal as Error).message).toContain(`EventStoreDB ${version} is too old`);
      await expect(collect(store.readStream('m-1'))).rejects.toBeInstanceOf(UnsupportedServer);
      await expect(collect(store.readAll())).rejects.toBeInstanceOf(UnsupportedServer);
      await expect(store.headPosition()).rejects.toBeInstanceOf(UnsupportedServer);
      expect(fake.appendCalls).toHaveLength(0);
      expect(fake.calls.readAll + fake.calls.readStream).toBe(0);
    });

    it('refuses a server that cannot say its version (before 21.10: UNIMPLEMENTED)', async () => {
      fake.serverVersion = 'unimplemented';
      await expect(store.headPosition()).rejects.toThrow(/unknown \(older than 21\.10\) is too old/);
    });

    it('asks the server once per connection', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'any' });
      await collect(store.readStream('m-1'));
      await store.headPosition();
      expect(fake.capabilityLooks).toBe(1);
    });

    it('refuses stream reads without positions even from a server that claims a newer version', async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      fake.streamReadsWithoutPosition = true;
      await expect(collect(store.readStream('m-1'))).rejects.toBeInstanceOf(UnsupportedServer);
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(UnsupportedServer);
      expect(fake.streams.get('m-1')).toHaveLength(2);
    });
  });

  describe('a NOT_LEADER answer (a leader change in the cluster)', () => {
    it('is retried once: the append lands once', async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      fake.failNext('appendToStream', notLeaderError());
      const result = await store.append('m-1', [newEvent()], { expectedRevision: 1n });
      expect(result.nextRevision).toBe(2n);
      expect(fake.calls.appendToStream).toBe(3);
      expect(fake.streams.get('m-1')).toHaveLength(3);
    });

    it('becomes StoreUnavailable (503) when the retry is refused too, having written nothing', async () => {
      fake.failNext('appendToStream', notLeaderError());
      fake.failNext('appendToStream', notLeaderError());
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailable);
      expect(fake.calls.appendToStream).toBe(2);
      expect(fake.streams.has('m-1')).toBe(false);
    });

    it('mid stream read: the read goes on after the last event delivered, none twice', async () => {
      await store.append('m-1', newEvents(5), { expectedRevision: 'no_stream' });
      fake.failNext('readStream', notLeaderError(), 2);
      expect((await collect(store.readStream('m-1'))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      fake.failNext('readStream', notLeaderError(), 2);
      expect((await collect(store.readStream('m-1', { direction: 'backwards', maxCount: 3 }))).map((e) => e.revision)).toEqual([4n, 3n, 2n]);
      fake.failNext('readStream', notLeaderError(), 1);
      fake.failNext('readStream', notLeaderError(), 1);
      await expect(collect(store.readStream('m-1'))).rejects.toBeInstanceOf(StoreUnavailable);
    });

    it('mid read of $all: the read goes on after the last record seen, none twice', async () => {
      await store.append('m-1', newEvents(4), { expectedRevision: 'no_stream' });
      await store.append('m-2', newEvents(3), { expectedRevision: 'no_stream' });
      const expected = (await collect(store.readAll())).map((e) => e.id);
      fake.failNext('readAll', notLeaderError(), 1);
      expect((await collect(store.readAll())).map((e) => e.id)).toEqual(expected);
    });

    it('while looking for the head', async () => {
      const { position } = await store.append('m-1', [newEvent()], { expectedRevision: 'any' });
      fake.failNext('readAll', notLeaderError());
      expect(await store.headPosition()).toBe(position);
      fake.failNext('readAll', notLeaderError());
      fake.failNext('readAll', notLeaderError());
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailable);
    });
  });

  describe('the head (every /health)', () => {
    it('reads $all backwards in bounded pages, across system events, and then one page down to the top it saw last time', async () => {
      const { position } = await store.append('m-1', newEvents(3), { expectedRevision: 'no_stream' });
      for (let i = 0; i < 250; i++) fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(position);
      expect(fake.readAllRequests.every((r) => r.direction === 'backwards' && r.maxCount === 100)).toBe(true);
      expect(fake.calls.readAll).toBe(3);

      // Nothing new but system events: the look stops at the known head instead of reading the log again.
      const [recordsBefore, readsBefore] = [fake.allRecordsRead, fake.calls.readAll];
      fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(position);
      expect(fake.calls.readAll - readsBefore).toBe(1);
      expect(fake.allRecordsRead - recordsBefore).toBeLessThanOrEqual(100);

      const later = await store.append('m-2', [newEvent()], { expectedRevision: 'no_stream' });
      expect(await store.headPosition()).toBe(later.position);
    });
  });
});
