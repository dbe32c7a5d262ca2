import {
  DamagedEvent,
  EventTooLarge,
  InvalidEventStoreInput,
  StreamNotFound,
  WrongExpectedVersion,
  hashEvent,
  verifyLog,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../src';
import { collect, consume, newEvent, newEvents, rejectionOf, uniquePrefix, type StoreFactory, type WriteDamaged } from './fixtures';

/**
 * The behaviour every adapter of the event-store port must show. Each adapter's spec calls this with
 * a factory; tests use their own stream prefix so they can share a long-lived EventStoreDB.
 */
/**
 * The size of the large cases (a long stream; a subscription fed by concurrent writers). A mutation run
 * (KLASTER_MUTATION_RUN, see docs/mutation-testing.md) runs the same cases at 2,000 events: every code
 * path they take (batches of 500, reads over several pages, the catch-up/live switch under four writers)
 * is taken at that size too, and each mutant they cover runs them again.
 */
export const LARGE = process.env.KLASTER_MUTATION_RUN ? 2_000 : 10_000;

export interface ContractOptions {
  /** The size of the two large cases; `LARGE` unless an adapter's spec says why a smaller one proves as much. */
  large?: number;
}

export function eventStoreContract(factory: StoreFactory, writeDamaged: WriteDamaged, options: ContractOptions = {}): void {
  const large = options.large ?? LARGE;
  // The long stream is written in batches of 500.
  if (large % 500 !== 0 || large < 2_000) throw new Error(`the contract's large cases need a multiple of 500, at least 2,000 (got ${large})`);
  let store: EventStore;

  beforeAll(async () => {
    store = await factory();
  });
  afterAll(async () => {
    await store.close();
  });

  describe('append and expected revision', () => {
    it('writes the first event of a stream at revision 0 and returns its global position', async () => {
      const stream = `${uniquePrefix('first')}1`;
      const before = await store.headPosition();
      const result = await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(0n);
      expect(result.position).toBeGreaterThan(before);
      const [event] = await collect(store.readStream(stream));
      expect(event.revision).toBe(0n);
      expect(event.position).toBe(result.position);
    });

    it('lets exactly one of two concurrent appends with the same expected revision win', async () => {
      const stream = `${uniquePrefix('race')}1`;
      await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.append(stream, [newEvent('A')], { expectedRevision: 0n }),
        store.append(stream, [newEvent('B')], { expectedRevision: 0n }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(WrongExpectedVersion);
      expect((lost[0].reason as WrongExpectedVersion).actual).toBe(1n);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
    });

    it('treats a retried append with the same event ids as a success that writes nothing', async () => {
      const stream = `${uniquePrefix('retry')}1`;
      const batch = newEvents(3);
      const first = await store.append(stream, batch, { expectedRevision: 'no_stream' });
      const retry = await store.append(stream, batch, { expectedRevision: 'no_stream' });
      expect(retry.nextRevision).toBe(first.nextRevision);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      const next = await store.append(stream, [newEvent()], { expectedRevision: 2n });
      expect(next.nextRevision).toBe(3n);
    });

    it('refuses no_stream on an existing stream and stream_exists on a missing one', async () => {
      const prefix = uniquePrefix('exists');
      await store.append(`${prefix}a`, [newEvent()], { expectedRevision: 'no_stream' });
      const again = await rejectionOf(store.append(`${prefix}a`, [newEvent()], { expectedRevision: 'no_stream' }));
      expect(again).toBeInstanceOf(WrongExpectedVersion);
      expect((again as WrongExpectedVersion).actual).toBe(0n);

      const missing = await rejectionOf(store.append(`${prefix}b`, [newEvent()], { expectedRevision: 'stream_exists' }));
      expect(missing).toBeInstanceOf(WrongExpectedVersion);
      expect((missing as WrongExpectedVersion).actual).toBe('no_stream');
      await expect(collect(store.readStream(`${prefix}b`))).rejects.toBeInstanceOf(StreamNotFound);

      const ok = await store.append(`${prefix}a`, [newEvent()], { expectedRevision: 'stream_exists' });
      expect(ok.nextRevision).toBe(1n);
      const any = await store.append(`${prefix}a`, [newEvent()], { expectedRevision: 'any' });
      expect(any.nextRevision).toBe(2n);
    });

    it('refuses an exact revision that is behind or ahead of the stream', async () => {
      const stream = `${uniquePrefix('exact')}1`;
      await store.append(stream, newEvents(2), { expectedRevision: 'no_stream' });
      for (const wrong of [0n, 5n]) {
        const error = await rejectionOf(store.append(stream, [newEvent()], { expectedRevision: wrong }));
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ streamId: stream, expected: wrong, actual: 1n });
      }
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it('writes all events of one append atomically, at consecutive revisions', async () => {
      const stream = `${uniquePrefix('atomic')}1`;
      const result = await store.append(stream, newEvents(5), { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(4n);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(events[4].position).toBe(result.position);
      for (let i = 1; i < events.length; i++) expect(events[i].position).toBeGreaterThan(events[i - 1].position);

      const refused = await rejectionOf(store.append(stream, newEvents(3), { expectedRevision: 1n }));
      expect(refused).toBeInstanceOf(WrongExpectedVersion);
      expect(await collect(store.readStream(stream))).toHaveLength(5);
    });
  });

  describe('reading', () => {
    it('fails with StreamNotFound when a missing stream is iterated', async () => {
      const iterable = store.readStream(`${uniquePrefix('missing')}1`);
      await expect(collect(iterable)).rejects.toBeInstanceOf(StreamNotFound);
    });

    it('keeps one global order across streams, and reads from a position exclusively', async () => {
      const prefix = uniquePrefix('order');
      const written: string[] = [];
      for (let i = 0; i < 12; i++) {
        const event = newEvent('Ordered', { i });
        written.push(event.id);
        await store.append(`${prefix}${i % 3}`, [event], { expectedRevision: 'any' });
      }
      const all = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
      expect(all.map((e) => e.id)).toEqual(written);
      for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);

      const after = await collect(store.readAll({ fromPosition: all[4].position, filter: { streamPrefixes: [prefix] } }));
      expect(after.map((e) => e.id)).toEqual(written.slice(5));
      const limited = await collect(store.readAll({ fromPosition: all[4].position, filter: { streamPrefixes: [prefix] }, maxCount: 3 }));
      expect(limited.map((e) => e.id)).toEqual(written.slice(5, 8));
      const byType = await collect(store.readAll({ filter: { streamPrefixes: [prefix], eventTypes: ['Nope'] } }));
      expect(byType).toEqual([]);
    });

    it(`reads a ${large.toLocaleString('en')}-event stream forwards and backwards, from a revision, with maxCount`, async () => {
      const stream = `${uniquePrefix('long')}1`;
      for (let batch = 0; batch < large / 500; batch++) {
        await store.append(stream, newEvents(500, 'Tick'), { expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 500 - 1) });
      }
      const forwards = await collect(store.readStream(stream));
      expect(forwards).toHaveLength(large);
      forwards.forEach((e, i) => expect(e.revision).toBe(BigInt(i)));
      const backwards = await collect(store.readStream(stream, { direction: 'backwards' }));
      expect(backwards.map((e) => e.id)).toEqual(forwards.map((e) => e.id).reverse());

      const [from, count] = [(large * 2) / 5, (large * 3) / 20];
      const middle = await collect(store.readStream(stream, { from: BigInt(from), maxCount: count }));
      expect(middle.map((e) => e.revision)).toEqual(forwards.slice(from, from + count).map((e) => e.revision));
      const lastThree = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 3 }));
      expect(lastThree.map((e) => e.revision)).toEqual([1n, 2n, 3n].map((back) => BigInt(large) - back));
      const down = await collect(store.readStream(stream, { direction: 'backwards', from: 2n }));
      expect(down.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
    });

    it('round-trips unicode and large payloads exactly', async () => {
      const stream = `${uniquePrefix('unicode')}1`;
      const data = {
        name: 'Klaster Ekonomii Społecznej — Łódź, Gdańsk, Żółć 🧾',
        rtl: 'مرحبا',
        nested: { emoji: '👩‍⚖️', zero: 0, negative: -1.5, flag: false, nothing: null, list: [1, 'dwa', { trzy: 3 }] },
        big: 'ą'.repeat(200_000),
      };
      await store.append(stream, [newEvent('Unicode', data)], { expectedRevision: 'no_stream' });
      const [event] = await collect(store.readStream(stream));
      expect(event.data).toEqual(data);
    });
  });

  describe('bad input is refused with a typed error and writes nothing', () => {
    const cases: [string, () => [string, NewEvent[], { expectedRevision: unknown }]][] = [
      ['an empty stream id', () => ['', [newEvent()], { expectedRevision: 'any' }]],
      ['an over-long stream id', () => ['s'.repeat(201), [newEvent()], { expectedRevision: 'any' }]],
      ['data that is not JSON', () => [`${uniquePrefix('bad')}1`, [newEvent('T', (() => 1) as never)], { expectedRevision: 'any' }]],
      ['data with a bigint', () => [`${uniquePrefix('bad')}1`, [newEvent('T', { n: 1n } as never)], { expectedRevision: 'any' }]],
      ['data with NaN', () => [`${uniquePrefix('bad')}1`, [newEvent('T', { n: NaN })], { expectedRevision: 'any' }]],
      ['a revision of the wrong type', () => [`${uniquePrefix('bad')}1`, [newEvent()], { expectedRevision: 3 }]],
      ['a negative revision', () => [`${uniquePrefix('bad')}1`, [newEvent()], { expectedRevision: -1n }]],
      ['an event id that is not a UUID', () => [`${uniquePrefix('bad')}1`, [newEvent('T', {}, 'not-a-uuid')], { expectedRevision: 'any' }]],
      ['an empty append', () => [`${uniquePrefix('bad')}1`, [], { expectedRevision: 'any' }]],
    ];
    it.each(cases)('%s', async (_label, make) => {
      const [stream, events, options] = make();
      const before = await store.headPosition();
      const error = await rejectionOf(store.append(stream, events, options as never));
      expect(error).toBeInstanceOf(InvalidEventStoreInput);
      expect((error as InvalidEventStoreInput).issues.length).toBeGreaterThan(0);
      expect(await store.headPosition()).toBe(before);
    });

    it('an event over the size limit, in a batch with valid ones', async () => {
      const stream = `${uniquePrefix('huge')}1`;
      const error = await rejectionOf(
        store.append(stream, [newEvent(), newEvent('Huge', { blob: 'x'.repeat(1_100_000) })], { expectedRevision: 'any' }),
      );
      expect(error).toBeInstanceOf(EventTooLarge);
      await expect(collect(store.readStream(stream))).rejects.toBeInstanceOf(StreamNotFound);
    });
  });

  describe('hash chain', () => {
    it('links every event to the previous one of its stream and verifies', async () => {
      const prefix = uniquePrefix('chain');
      await store.append(`${prefix}a`, newEvents(3), { expectedRevision: 'no_stream' });
      await store.append(`${prefix}b`, newEvents(2), { expectedRevision: 'no_stream' });
      await store.append(`${prefix}a`, newEvents(2), { expectedRevision: 2n });
      const a = await collect(store.readStream(`${prefix}a`));
      expect(a[0].metadata.prevHash).toBeNull();
      for (let i = 1; i < a.length; i++) expect(a[i].metadata.prevHash).toBe(a[i - 1].metadata.hash);
      for (const event of a) {
        const { hash, ...unsealed } = event.metadata;
        expect(hashEvent({ ...event, metadata: unsealed })).toBe(hash);
      }
      expect(a[0].metadata).toMatchObject({ actor: 'person-1', correlationId: 'corr-1', causationId: 'cause-1', schemaVersion: 1 });
      expect(Date.parse(a[0].metadata.recordedAt)).not.toBeNaN();
      const report = await verifyLog(store, { streamPrefixes: [prefix] });
      expect(report).toMatchObject({ ok: true, eventsChecked: 7, streamsChecked: 2 });
    });
  });

  describe('a damaged event is detected where it is read', () => {
    /** A stream of three intact events, then a damaged one. */
    async function damagedStream(label: string, forgery: 'hash' | 'link') {
      const stream = `${uniquePrefix(label)}1`;
      const intact = newEvents(3);
      await store.append(stream, intact, { expectedRevision: 'no_stream' });
      await writeDamaged(stream, forgery);
      const damaged = await rejectionOf(collect(store.readStream(stream)));
      return { stream, intact, damaged: damaged as DamagedEvent };
    }

    it('a read of the stream stops at an event whose bytes no longer match its hash, naming stream, revision, position and id', async () => {
      const { stream, intact, damaged } = await damagedStream('dmg-hash', 'hash');
      expect(damaged).toBeInstanceOf(DamagedEvent);
      expect(damaged.code).toBe('record_damaged');
      expect(damaged.damage).toMatchObject({ streamId: stream, revision: 3n, problem: { kind: 'hash_mismatch' } });
      expect(damaged.message).toContain(stream);
      expect(damaged.message).toContain(`position ${damaged.damage.position}`);
      // The events before it are delivered; reading only up to them is not refused.
      const seen: string[] = [];
      await rejectionOf(async () => {
        for await (const e of store.readStream(stream)) seen.push(e.id);
      });
      expect(seen).toEqual(intact.map((e) => e.id));
      expect(await collect(store.readStream(stream, { maxCount: 3 }))).toHaveLength(3);
      // Backwards, the damaged head is met first.
      await expect(collect(store.readStream(stream, { direction: 'backwards' }))).rejects.toMatchObject({ damage: { revision: 3n } });
    });

    it("a read stops at an event whose prevHash is not its predecessor's hash, also when it starts right at it", async () => {
      const { stream, damaged } = await damagedStream('dmg-link', 'link');
      expect(damaged).toBeInstanceOf(DamagedEvent);
      expect(damaged.damage).toMatchObject({ streamId: stream, revision: 3n, problem: { kind: 'broken_link', storedPrevHash: 'f'.repeat(64) } });
      await expect(collect(store.readStream(stream, { from: 3n }))).rejects.toMatchObject({ damage: { revision: 3n, problem: { kind: 'broken_link' } } });
      await expect(collect(store.readAll({ fromPosition: damaged.damage.position - 1n, filter: { streamPrefixes: [stream] } }))).rejects.toBeInstanceOf(DamagedEvent);
    });

    it('readAll stops at it; reading on from its position goes past it; verifyLog names it and checks the rest', async () => {
      const { stream, damaged } = await damagedStream('dmg-all', 'hash');
      const other = `${stream.slice(0, -1)}2`;
      await store.append(other, newEvents(2), { expectedRevision: 'no_stream' });
      const filter = { streamPrefixes: [stream.slice(0, -1)] };
      const error = await rejectionOf(collect(store.readAll({ filter })));
      expect(error).toBeInstanceOf(DamagedEvent);
      expect((error as DamagedEvent).damage.position).toBe(damaged.damage.position);
      const after = await collect(store.readAll({ fromPosition: damaged.damage.position, filter }));
      expect(after.map((e) => e.streamId)).toEqual([other, other]);
      const report = await verifyLog(store, filter);
      expect(report).toMatchObject({ ok: false, eventsChecked: 6, streamsChecked: 2 });
      expect(report.problems).toEqual([damaged.damage]);
    });

    it('an append onto a damaged head is refused and writes nothing', async () => {
      const { stream, damaged } = await damagedStream('dmg-append', 'hash');
      const before = await store.headPosition();
      for (const expectedRevision of ['any', 3n] as const) {
        const refused = await rejectionOf(store.append(stream, [newEvent()], { expectedRevision }));
        expect(refused).toBeInstanceOf(DamagedEvent);
        expect((refused as DamagedEvent).damage).toEqual(damaged.damage);
      }
      expect(await store.headPosition()).toBe(before);
    });

    it('a subscription ends with DamagedEvent at it; one from its position delivers what follows', async () => {
      const { stream, damaged } = await damagedStream('dmg-sub', 'hash');
      await store.append(`${stream.slice(0, -1)}2`, newEvents(2), { expectedRevision: 'no_stream' });
      const filter = { streamPrefixes: [stream.slice(0, -1)] };
      const seen: string[] = [];
      const failure = await rejectionOf(async () => {
        for await (const m of store.subscribeToAll({ filter })) if (m.kind === 'event') seen.push(m.event.streamId);
      });
      expect(failure).toBeInstanceOf(DamagedEvent);
      expect((failure as DamagedEvent).damage.position).toBe(damaged.damage.position);
      expect(seen).toEqual([stream, stream, stream]);
      const after = await consume(store.subscribeToAll({ fromPosition: damaged.damage.position, filter }), (events) => events.length === 2);
      expect(after.events.map((e) => e.revision)).toEqual([0n, 1n]);
    });
  });

  describe('subscribeToAll', () => {
    it(`sees each of ${large.toLocaleString('en')} events from 4 concurrent writers exactly once, in order, across the catch-up/live switch`, async () => {
      const prefix = uniquePrefix('sub');
      const start = await store.headPosition();
      // Written before subscribing, so the subscription starts in catch-up while writers keep going.
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const batch = newEvents(200);
        ids.push(...batch.map((e) => e.id));
        await store.append(`${prefix}pre`, batch, { expectedRevision: i === 0 ? 'no_stream' : BigInt(i * 200 - 1) });
      }
      const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } });
      const total = large;
      const perWriter = (total - ids.length) / 4;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        let revision: bigint | 'no_stream' = 'no_stream';
        let written = 0;
        while (written < perWriter) {
          const size = Math.min(1 + ((written * 7 + w) % 5), perWriter - written);
          const batch = newEvents(size, 'Load');
          ids.push(...batch.map((e) => e.id));
          const result = await store.append(`${prefix}w${w}`, batch, { expectedRevision: revision });
          revision = result.nextRevision;
          written += size;
        }
      });
      const consumed = consume(subscription, (events) => events.length >= total);
      await Promise.all(writers);
      const { events, messages } = await consumed;
      expect(events).toHaveLength(total);
      expect(new Set(events.map((e) => e.id)).size).toBe(total);
      expect(new Set(events.map((e) => e.id))).toEqual(new Set(ids));
      for (let i = 1; i < events.length; i++) expect(events[i].position).toBeGreaterThan(events[i - 1].position);
      const perStream = new Map<string, bigint>();
      for (const e of events) {
        expect(e.revision).toBe((perStream.get(e.streamId) ?? -1n) + 1n);
        perStream.set(e.streamId, e.revision);
      }
      expect(messages.filter((m) => m.kind === 'caught_up').length).toBeLessThanOrEqual(1);
    });

    it('resumes from a checkpoint without repeating or skipping', async () => {
      const prefix = uniquePrefix('resume');
      const start = await store.headPosition();
      const written = newEvents(30);
      for (const e of written) await store.append(`${prefix}1`, [e], { expectedRevision: 'any' });
      const first = await consume(store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }), (events) => events.length === 12);
      const checkpoint = first.events[11].position;
      const more = newEvents(5);
      await store.append(`${prefix}1`, more, { expectedRevision: 29n });
      const second = await consume(
        store.subscribeToAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] } }),
        (events) => events.length === 23,
      );
      expect([...first.events, ...second.events].map((e) => e.id)).toEqual([...written, ...more].map((e) => e.id));
    });

    it('signals caught-up, then delivers live events, and reports checkpoints past filtered-out events', async () => {
      const prefix = uniquePrefix('live');
      const start = await store.headPosition();
      const first = await store.append(`${prefix}wanted`, [newEvent()], { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [`${prefix}wanted`] } });
      // More unwanted events than EventStoreDB's checkpoint window (32 events filtered out).
      const UNWANTED = 100;
      let wroteLive = false;
      const unwanted: bigint[] = [];
      let writing: Promise<void> | undefined;
      const result = await consume(subscription, (events, message) => {
        if (message.kind === 'caught_up' && !wroteLive) {
          wroteLive = true;
          writing = (async () => {
            for (let i = 0; i < UNWANTED; i++) unwanted.push((await store.append(`${prefix}unwanted`, [newEvent()], { expectedRevision: 'any' })).position);
            await store.append(`${prefix}wanted`, [newEvent('Live')], { expectedRevision: 0n });
          })();
        }
        return events.length === 2;
      });
      await writing;
      const kinds = result.messages.map((m) => m.kind);
      expect(kinds.indexOf('caught_up')).toBeGreaterThan(kinds.indexOf('event'));
      expect(result.events.map((e) => e.type)).toEqual(['SomethingHappened', 'Live']);
      expect(result.events.every((e) => e.streamId === `${prefix}wanted`)).toBe(true);
      expect(unwanted).toHaveLength(UNWANTED);
      const live = result.events[1].position;
      // Progress past the unwanted events was reported before the next wanted event: a filtered
      // consumer can save it. Each checkpoint is a real position at or after an unwanted event, never
      // goes backwards, and never passes an event delivered after it.
      const checkpoints = result.messages.flatMap((m, i) => (m.kind === 'checkpoint' ? [{ i, position: m.position }] : []));
      const pastUnwanted = checkpoints.filter((c) => c.position >= unwanted[0] && c.position < live);
      expect(pastUnwanted.length).toBeGreaterThan(0);
      for (const c of checkpoints) expect(c.position).toBeGreaterThanOrEqual(first.position);
      for (let k = 1; k < checkpoints.length; k++) expect(checkpoints[k].position).toBeGreaterThanOrEqual(checkpoints[k - 1].position);
      for (const c of checkpoints) {
        for (const later of result.messages.slice(c.i + 1)) if (later.kind === 'event') expect(later.event.position).toBeGreaterThan(c.position);
      }
    });

    it('stops: iteration ends and later writes are not delivered', async () => {
      const prefix = uniquePrefix('stop');
      const start = await store.headPosition();
      const subscription = store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } });
      const iterator = subscription[Symbol.asyncIterator]();
      await store.append(`${prefix}1`, [newEvent()], { expectedRevision: 'no_stream' });
      // Read up to the event (a caught-up signal may come first).
      let next = await iterator.next();
      while (!next.done && next.value.kind !== 'event') next = await iterator.next();
      expect(next.value).toMatchObject({ kind: 'event', event: { streamId: `${prefix}1` } });
      await subscription.stop();
      const later = await store.append(`${prefix}1`, [newEvent('Later')], { expectedRevision: 0n });
      expect(later.position).toBeGreaterThan(start);
      // The next read ends the iteration instead of yielding the later write (or anything else).
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    });
  });
}
