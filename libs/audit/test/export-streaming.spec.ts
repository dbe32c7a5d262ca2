import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, ReadAllOptions } from '@klaster/event-store';
import { prepareExport, type ExportFormat } from '@klaster/audit';
import { appendTo, tempStore, type TempStore } from './support';

/** The store, with what the export reads from the log counted, and whether its read was ended. */
function watched(store: EventStore) {
  const seen = { read: 0, ended: false };
  const watchedStore: EventStore = {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
    async *readAll(options?: ReadAllOptions) {
      seen.ended = false;
      try {
        for await (const event of store.readAll(options)) {
          seen.read++;
          yield event;
        }
      } finally {
        seen.ended = true;
      }
    },
  };
  return { store: watchedStore, seen };
}

/** Turns of the event loop until the count stops moving (the export is waiting on its reader). */
async function settled(seen: { read: number }): Promise<void> {
  for (let still = 0, last = -1; still < 20; still = seen.read === last ? still + 1 : 0, last = seen.read) await nextTurn();
}

describe('an export streamed to a slow or gone reader', () => {
  const EVENTS = 2_000;
  let t: TempStore;
  beforeEach(async () => {
    t = tempStore();
    await appendTo(t.store, 'meeting-kl.rada-1', ['MeetingConvened'], { data: () => ({ title: 'Rada' }) });
    for (let i = 0; i < EVENTS; i += 500) await appendTo(t.store, 'meeting-kl.rada-1', Array.from({ length: 500 }, () => 'AttendanceRecorded'), { data: (n) => ({ memberId: `m${n % 7}`, presence: 'in_person' }) });
  });
  afterEach(() => t.cleanup());

  it.each<ExportFormat>(['jsonl', 'csv'])('reads the log only as fast as its reader takes the %s, and stops reading when the reader goes', async (format) => {
    const { store, seen } = watched(t.store);
    const prepared = (await prepareExport(store, 'kl'))!;
    seen.read = 0;
    const chunks = prepared.stream(format)[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false);
    // The reader takes one chunk and waits: the export reads a little ahead, not the whole history.
    await settled(seen);
    expect(seen.read).toBeGreaterThan(0);
    expect(seen.read).toBeLessThan(EVENTS / 4);
    expect(seen.ended).toBe(false);
    // The reader goes (a client that disconnects): the store's read is ended, nothing more is read.
    await chunks.return!();
    for (let turns = 0; !seen.ended && turns < 100; turns++) await nextTurn();
    expect(seen.ended).toBe(true);
    const readWhenGone = seen.read;
    await settled(seen);
    expect(seen.read).toBe(readWhenGone);
  });

  it('reads every event once when the reader takes everything', async () => {
    const { store, seen } = watched(t.store);
    const prepared = (await prepareExport(store, 'kl'))!;
    seen.read = 0;
    let lines = 0;
    for await (const chunk of prepared.stream('jsonl')) lines += (chunk.toString() as string).split('\n').length - 1;
    expect(lines).toBe(1 + 1 + EVENTS + 1);
    // The seal's own event is the log's last: read, not written as an event line.
    expect(seen.read).toBe(1 + EVENTS + 1);
    expect(seen.ended).toBe(true);
  });
});
