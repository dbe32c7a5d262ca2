import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEventStoreInput, OverlayEventStore, SqliteEventStore, StreamNotFound, WrongExpectedVersion, verifyLog } from '../../src';
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
    await Promise.all([overlay.append('other', [newEvent('X')], { expectedRevision: 0n }), collect(overlay.readStream('other'))]);
    expect((await collect(overlay.readStream('other'))).map((e) => e.type)).toEqual(['SomethingHappened', 'X']);
  });
});
