import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEventStoreInput, OverlayEventStore, SqliteEventStore, StoreUnavailable, StreamNotFound, WrongExpectedVersion, verifyLog, type ReadStreamOptions } from '../../src';
import { collect, newEvent, newEvents, rejectionOf } from '../contract/fixtures';

/** The scratch copy an import's dry run decides on: reads what the real store holds, writes nothing to it. */
describe('OverlayEventStore', () => {
  let dir: string;
  let base: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-overlay-'));
    base = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    await base.append('cluster-a', newEvents(3), { expectedRevision: 'no_stream' });
    await base.append('other', newEvents(1), { expectedRevision: 'no_stream' });
  });
  afterEach(async () => {
    await base.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a stream as the base holds it, and appends after it without writing to the base', async () => {
    const overlay = await OverlayEventStore.over(base);
    expect((await collect(overlay.readStream('cluster-a'))).map((e) => e.id)).toEqual((await collect(base.readStream('cluster-a'))).map((e) => e.id));
    const result = await overlay.append('cluster-a', [newEvent('Added')], { expectedRevision: 2n });
    expect(result).toEqual({ nextRevision: 3n, position: (await base.headPosition()) + 1n });
    const appended = await collect(overlay.readStream('cluster-a', { from: 3n }));
    expect(appended.map((e) => [e.type, e.revision])).toEqual([['Added', 3n]]);
    // The appended event continues the stream's hash chain.
    expect(appended[0].metadata.prevHash).toBe((await collect(base.readStream('cluster-a', { from: 2n })))[0].metadata.hash);
    expect(await collect(base.readStream('cluster-a'))).toHaveLength(3);
    expect((await verifyLog(base)).ok).toBe(true);
  });

  it('creates streams the base does not have, only in the overlay', async () => {
    const overlay = await OverlayEventStore.over(base);
    expect(await rejectionOf(collect(overlay.readStream('meeting-new')))).toBeInstanceOf(StreamNotFound);
    await overlay.append('meeting-new', newEvents(2), { expectedRevision: 'no_stream' });
    expect(await collect(overlay.readStream('meeting-new', { direction: 'backwards', maxCount: 1 }))).toEqual([expect.objectContaining({ revision: 1n })]);
    expect(await rejectionOf(collect(base.readStream('meeting-new')))).toBeInstanceOf(StreamNotFound);
    expect((await collect(overlay.readAll())).map((e) => e.streamId)).toEqual(['meeting-new', 'meeting-new']);
  });

  it('checks expected revisions and validates appends as a store does', async () => {
    const overlay = await OverlayEventStore.over(base);
    expect(await rejectionOf(overlay.append('cluster-a', [newEvent()], { expectedRevision: 1n }))).toBeInstanceOf(WrongExpectedVersion);
    expect(await rejectionOf(overlay.append('cluster-a', [newEvent()], { expectedRevision: 'no_stream' }))).toBeInstanceOf(WrongExpectedVersion);
    expect(await rejectionOf(overlay.append('', [newEvent()], { expectedRevision: 'any' }))).toBeInstanceOf(InvalidEventStoreInput);
    expect(overlay.appended).toHaveLength(0);
  });

  it('copies a stream once even when asked for it twice at once', async () => {
    const overlay = await OverlayEventStore.over(base);
    const baseReads = jest.spyOn(base, 'readStream');
    await Promise.all([overlay.append('other', [newEvent('X')], { expectedRevision: 0n }), collect(overlay.readStream('other'))]);
    expect((await collect(overlay.readStream('other'))).map((e) => e.type)).toEqual(['SomethingHappened', 'X']);
    expect(baseReads.mock.calls).toEqual([['other']]);
    baseReads.mockRestore();
  });

  it('reads a stream with every direction, start and count exactly as the base store does', async () => {
    const overlay = await OverlayEventStore.over(base);
    const cases: ReadStreamOptions[] = [];
    for (const direction of [undefined, 'forwards', 'backwards'] as const) {
      for (const from of [undefined, 'start', 'end', 0n, 1n, 2n, 3n, 7n] as const) {
        for (const maxCount of [undefined, 0, 1, 2, 5]) cases.push({ direction, from, maxCount });
      }
    }
    const revisions = async (store: { readStream: SqliteEventStore['readStream'] }, options: ReadStreamOptions) =>
      (await collect(store.readStream('cluster-a', options))).map((e) => e.revision);
    for (const options of cases) {
      expect([options, await revisions(overlay, options)]).toEqual([options, await revisions(base, options)]);
    }
    // And the base's own answer for a few, so the comparison cannot pass on two wrong readers.
    expect(await revisions(base, { direction: 'backwards' })).toEqual([2n, 1n, 0n]);
    expect(await revisions(base, { from: 1n, maxCount: 1 })).toEqual([1n]);
    expect(await revisions(base, { direction: 'backwards', from: 1n })).toEqual([1n, 0n]);
    expect(await revisions(base, { from: 'end' })).toEqual([]);
  });

  it('reads what was appended to it in order: after a position, filtered, at most maxCount', async () => {
    const overlay = await OverlayEventStore.over(base);
    const head = await base.headPosition();
    await overlay.append('cluster-a', [newEvent('A1')], { expectedRevision: 2n });
    await overlay.append('meeting-1', [newEvent('M1'), newEvent('M2')], { expectedRevision: 'no_stream' });
    await overlay.append('cluster-a', [newEvent('A2')], { expectedRevision: 3n });
    const types = async (options: Parameters<OverlayEventStore['readAll']>[0]) => (await collect(overlay.readAll(options))).map((e) => e.type);
    expect(await types({})).toEqual(['A1', 'M1', 'M2', 'A2']);
    expect((await collect(overlay.readAll())).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n].map((n) => head + n));
    expect(await types({ fromPosition: head + 2n })).toEqual(['M2', 'A2']);
    expect(await types({ maxCount: 2 })).toEqual(['A1', 'M1']);
    expect(await types({ maxCount: 0 })).toEqual([]);
    expect(await types({ filter: { streamPrefixes: ['meeting-'] } })).toEqual(['M1', 'M2']);
    expect(await types({ filter: { eventTypes: ['A2', 'M1'] }, maxCount: 1 })).toEqual(['M1']);
    expect(await types({ filter: { streamPrefixes: ['cluster-'] }, fromPosition: head + 1n })).toEqual(['A2']);
    expect(await overlay.headPosition()).toBe(head + 4n);
    expect(overlay.appended.map((e) => e.type)).toEqual(['A1', 'M1', 'M2', 'A2']);
  });

  it('has no subscription, and refuses every call once closed', async () => {
    const overlay = await OverlayEventStore.over(base);
    expect(() => overlay.subscribeToAll()).toThrow('An overlay store has no subscription');
    await overlay.close();
    expect(await rejectionOf(overlay.append('cluster-a', [newEvent()], { expectedRevision: 'any' }))).toBeInstanceOf(StoreUnavailable);
    expect(await rejectionOf(collect(overlay.readStream('cluster-a')))).toBeInstanceOf(StoreUnavailable);
    expect(await rejectionOf(collect(overlay.readAll()))).toBeInstanceOf(StoreUnavailable);
    expect(await rejectionOf(overlay.append('cluster-a', [newEvent()], { expectedRevision: 'any' }))).toMatchObject({ message: 'The overlay store is closed' });
  });

  it('passes on a failure of the base other than a missing stream', async () => {
    const overlay = await OverlayEventStore.over(base);
    await base.close();
    expect(await rejectionOf(collect(overlay.readStream('cluster-a')))).toBeInstanceOf(StoreUnavailable);
    expect(await rejectionOf(overlay.append('other', [newEvent()], { expectedRevision: 0n }))).toBeInstanceOf(StoreUnavailable);
  });
});
