import { UnavailableError } from '@eventstore/db-client';
import { InvalidEventStoreInput, StoreUnavailable, UnsupportedServer, WrongExpectedVersion, type SubscriptionMessage } from '../../src';
import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { collect, newEvent, newEvents, rejectionOf } from '../contract/fixtures';
import { FakeEsdbClient } from './fake-esdb-client';
import { notLeaderError } from './client-messages';

/**
 * The adapter's less travelled paths over the fake server: what each failure of the client becomes, what a
 * read asks the client for, how far a look for the head reads, and how close() and stop() end things.
 */
describe('EsdbEventStore: failures, requests and endings', () => {
  let fake: FakeEsdbClient;
  let store: EsdbEventStore;
  beforeEach(() => {
    fake = new FakeEsdbClient();
    store = EsdbEventStore.withClient(fake.asClient(), { leaderRetryPauseMs: 1 });
  });
  afterEach(() => store.close());

  it("is the 'eventstoredb' kind of store", () => {
    expect(store.kind).toBe('eventstoredb');
  });

  describe('append', () => {
    it("names the caller's expectation, not the adapter's exact revision, when it gives up after lost races", async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.beforeAppend = (stream) => fake.appendBySomeoneElse(stream);
      const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 'stream_exists' }));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ streamId: 'm-1', expected: 'stream_exists' });
    });

    it('refuses an exact expectation that lost the race at once, without reading the head again', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.beforeAppend = (stream) => {
        fake.beforeAppend = undefined;
        fake.appendBySomeoneElse(stream);
      };
      const readsBefore = fake.calls.readStream;
      await expect(store.append('m-1', [newEvent()], { expectedRevision: 0n })).rejects.toMatchObject({ expected: 0n, actual: 1n });
      expect(fake.calls.readStream - readsBefore).toBe(1);
      expect(fake.calls.appendToStream).toBe(2);
    });

    it('names the first event and the bytes it sent when the server refuses the batch as too large', async () => {
      fake.maxAppendBytes = 500;
      const events = newEvents(5);
      const error = await rejectionOf(store.append('m-1', events, { expectedRevision: 'any' }));
      expect(error).toMatchObject({ code: 'event_too_large', eventId: events[0].id, limit: 500 });
      expect((error as { bytes: number }).bytes).toBeGreaterThan(500);
    });

    it('recognises a retry of a one-event append by the head alone and writes nothing', async () => {
      const event = newEvent();
      const first = await store.append('m-1', [event], { expectedRevision: 'any' });
      const reads = fake.calls.readStream;
      expect(await store.append('m-1', [event], { expectedRevision: 'any' })).toEqual(first);
      expect(fake.calls.readStream - reads).toBe(1);
      expect(fake.log).toHaveLength(1);
      expect(fake.calls.appendToStream).toBe(1);
    });

    it('retries once when the read of the head is answered NOT_LEADER, and lands once', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      fake.failNext('readStream', notLeaderError());
      expect(await store.append('m-1', [newEvent()], { expectedRevision: 0n })).toMatchObject({ nextRevision: 1n });
      expect(fake.streams.get('m-1')).toHaveLength(2);
    });

    it('reports an unreachable node on the read of the head as StoreUnavailable, writing nothing', async () => {
      fake.failNext('readStream', new UnavailableError(undefined, 'connection refused'));
      const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(StoreUnavailable);
      expect(fake.calls.appendToStream).toBe(0);
    });

    it('reports a refusal answered as a result (throwOnAppendFailure=false) as WrongExpectedVersion with the stream as it is now', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      // The client's answer with throwOnAppendFailure=false: success false, no position.
      const original = fake.appendToStream.bind(fake);
      fake.appendToStream = async (name, events, options) => {
        fake.appendBySomeoneElse(name);
        try {
          return await original(name, events, options);
        } catch {
          return { success: false, nextExpectedRevision: -1n, position: undefined } as never;
        }
      };
      const error = await rejectionOf(store.append('m-1', [newEvent()], { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ streamId: 'm-1', expected: 0n, actual: 1n });
      expect(fake.streams.get('m-1')).toHaveLength(2);
    });
  });

  describe('readStream', () => {
    it('reads from revision 0 given explicitly, forwards and backwards', async () => {
      await store.append('m-1', newEvents(3), { expectedRevision: 'no_stream' });
      expect((await collect(store.readStream('m-1', { from: 0n }))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect((await collect(store.readStream('m-1', { from: 0n, direction: 'backwards' }))).map((e) => e.revision)).toEqual([0n]);
    });

    it("checks a backwards read's links against the events it reads, in one call to the server", async () => {
      await store.append('m-1', newEvents(4), { expectedRevision: 'no_stream' });
      const reads = fake.calls.readStream;
      expect((await collect(store.readStream('m-1', { direction: 'backwards' }))).map((e) => e.revision)).toEqual([3n, 2n, 1n, 0n]);
      expect(fake.calls.readStream - reads).toBe(1);
    });

    it('does not read again below revision 0 when NOT_LEADER comes after the last event of a backwards read', async () => {
      await store.append('m-1', newEvents(3), { expectedRevision: 'no_stream' });
      const reads = fake.calls.readStream;
      fake.failNext('readStream', notLeaderError(), 3);
      expect((await collect(store.readStream('m-1', { direction: 'backwards' }))).map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      expect(fake.calls.readStream - reads).toBe(1);
    });
  });

  describe('readAll', () => {
    it("asks the client for its START from the log's start, and for the exact position otherwise", async () => {
      const { position } = await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      await collect(store.readAll());
      expect(fake.readAllRequests[0].from).toBe('start');
      await collect(store.readAll({ fromPosition: position }));
      expect(fake.readAllRequests[1].from).toEqual({ commit: position, prepare: position });
    });

    it('retries NOT_LEADER once: a second refusal is StoreUnavailable (503)', async () => {
      await store.append('m-1', newEvents(2), { expectedRevision: 'no_stream' });
      fake.failNext('readAll', notLeaderError());
      fake.failNext('readAll', notLeaderError());
      await expect(collect(store.readAll())).rejects.toBeInstanceOf(StoreUnavailable);
      expect(fake.calls.readAll).toBe(2);
    });

    it('refuses a negative fromPosition, naming the field, before reading or subscribing', () => {
      const message = 'fromPosition must be a non-negative bigint';
      expect(() => store.subscribeToAll({ fromPosition: -1n })).toThrow(new InvalidEventStoreInput(message));
      return expect(collect(store.readAll({ fromPosition: -1n }))).rejects.toThrow(message);
    });
  });

  describe('the head', () => {
    it('reads one page when the log has fewer records than a page and no event of Klaster', async () => {
      for (let i = 0; i < 5; i++) fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(0n);
      expect(fake.calls.readAll).toBe(1);
    });

    it('reads only what was written since the last look, also when the last look found no event of Klaster', async () => {
      for (let i = 0; i < 50; i++) fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(0n);
      const before = fake.allRecordsRead;
      expect(await store.headPosition()).toBe(0n);
      // The top record of the last look (and one the client's stream reads ahead), not the 50 again.
      expect(fake.allRecordsRead - before).toBeLessThanOrEqual(2);
    });

    it('reads down to the top of the last look, not to the top of the one before', async () => {
      const { position } = await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      expect(await store.headPosition()).toBe(position);
      for (let i = 0; i < 60; i++) fake.writeSystemEvent();
      expect(await store.headPosition()).toBe(position);
      for (let i = 0; i < 60; i++) fake.writeSystemEvent();
      const [records, reads] = [fake.allRecordsRead, fake.calls.readAll];
      expect(await store.headPosition()).toBe(position);
      // The 60 new records and the top of the previous look (and one the client's stream reads ahead).
      expect(fake.allRecordsRead - records).toBeLessThanOrEqual(62);
      expect(fake.calls.readAll - reads).toBe(1);
    });

    it('reports an unreachable node as StoreUnavailable', async () => {
      fake.failNext('readAll', new UnavailableError(undefined, 'connection refused'));
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailable);
    });
  });

  describe("the server's version", () => {
    it('is asked again after a look that failed (the node was unreachable)', async () => {
      fake.failNextCapabilities(new UnavailableError(undefined, 'connection refused'));
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailable);
      expect(await store.headPosition()).toBe(0n);
      expect(fake.capabilityLooks).toBe(2);
    });

    it('is not asked again once the server was found too old: every call is refused the same way', async () => {
      fake.serverVersion = '23.6.0.0';
      await expect(store.headPosition()).rejects.toBeInstanceOf(UnsupportedServer);
      await expect(store.headPosition()).rejects.toBeInstanceOf(UnsupportedServer);
      expect(fake.capabilityLooks).toBe(1);
    });
  });

  describe('close()', () => {
    it('refuses later calls, naming the reason', async () => {
      await store.close();
      await expect(store.headPosition()).rejects.toThrow(new StoreUnavailable('The event store is closed'));
    });

    it('disposes the client once, however often it is called', async () => {
      await store.close();
      await store.close();
      expect(fake.disposeCalls).toBe(1);
    });

    it('stops open subscriptions first, so their iterations end cleanly', async () => {
      await store.append('m-1', [newEvent()], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll();
      let caughtUp!: () => void;
      const atLive = new Promise<void>((resolve) => (caughtUp = resolve));
      const seen: SubscriptionMessage[] = [];
      const iteration = (async () => {
        for await (const message of subscription) {
          seen.push(message);
          if (message.kind === 'caught_up') caughtUp();
        }
      })();
      await atLive;
      await store.close();
      await expect(iteration).resolves.toBeUndefined();
      expect(seen.map((m) => m.kind)).toEqual(['event', 'caught_up']);
    });
  });

  describe('a subscription', () => {
    it('delivers nothing more once stop() was called, even what had already arrived', async () => {
      for (let i = 0; i < 10; i++) await store.append(`m-${i}`, [newEvent()], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll();
      const seen: SubscriptionMessage[] = [];
      for await (const message of subscription) {
        seen.push(message);
        // Not awaited: the next messages are already on their way.
        if (seen.length === 1) void subscription.stop();
      }
      expect(seen).toHaveLength(1);
    });

    it('ends with the reason of a failure that came before anyone iterated', async () => {
      const opened = fake.nextSubscription();
      const subscription = store.subscribeToAll();
      const call = await opened;
      await call.caughtUpSent;
      fake.dropSubscriptions(new UnavailableError(undefined, 'socket closed') as Error);
      const seen: SubscriptionMessage[] = [];
      const error = await rejectionOf(async () => {
        for await (const message of subscription) seen.push(message);
      });
      expect(error).toMatchObject({ code: 'store_unavailable', message: 'EventStoreDB is unavailable: socket closed' });
      expect(seen.map((m) => m.kind)).toEqual(['caught_up']);
    }, 15_000);

    it('ends with StoreUnavailable naming the end when the server ends the call on its own', async () => {
      const opened = fake.nextSubscription();
      const subscription = store.subscribeToAll();
      const call = await opened;
      await call.caughtUpSent;
      call.cancel();
      const error = await rejectionOf(collect(subscription));
      expect(error).toMatchObject({ code: 'store_unavailable', message: 'The EventStoreDB subscription ended' });
    });
  });
});
