import { Readable } from 'node:stream';
import type { AllStreamResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { drain, recordsAfter, type AllPageReader, type LogPosition } from '../../src/esdb/esdb-reads';
import { collect } from '../contract/fixtures';

const record = (position: bigint) => ({ commitPosition: position, event: { position: { commit: position, prepare: position } } }) as AllStreamResolvedEvent;
const positions = (records: AllStreamResolvedEvent[]) => records.map((r) => r.commitPosition);

/** $all with records at 10, 20, ... 100, read like the client: inclusive of the start position. */
function fakeAll(count = 10) {
  const all = Array.from({ length: count }, (_, i) => record(BigInt((i + 1) * 10)));
  const calls: bigint[] = [];
  const readPage: AllPageReader = async function* (from, maxCount) {
    calls.push(from.commit);
    yield* all.filter((r) => r.commitPosition! >= from.commit).slice(0, maxCount);
  };
  return { readPage, calls };
}

describe('recordsAfter (readAll is inclusive, the port exclusive)', () => {
  it('yields everything from START, and strictly after an event position otherwise', async () => {
    const { readPage } = fakeAll();
    expect(positions(await collect(recordsAfter(readPage, 0n, 4)))).toEqual([10n, 20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n, 100n]);
    expect(positions(await collect(recordsAfter(readPage, 30n, 4)))).toEqual([40n, 50n, 60n, 70n, 80n, 90n, 100n]);
    expect(positions(await collect(recordsAfter(readPage, 100n, 4)))).toEqual([]);
  });

  it('starts after a position between events without losing the next one', async () => {
    const { readPage } = fakeAll();
    expect(positions(await collect(recordsAfter(readPage, 35n, 3)))).toEqual([40n, 50n, 60n, 70n, 80n, 90n, 100n]);
  });

  it('pages from the last record of each page, never repeating or skipping one', async () => {
    const { readPage, calls } = fakeAll();
    expect(positions(await collect(recordsAfter(readPage, 0n, 2)))).toEqual([10n, 20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n, 100n]);
    expect(calls).toEqual([0n, 20n, 30n, 40n, 50n, 60n, 70n, 80n, 90n, 100n]);
  });

  it('reads no further page once the consumer stops', async () => {
    const { readPage, calls } = fakeAll();
    for await (const r of recordsAfter(readPage, 0n, 3)) if (r.commitPosition === 20n) break;
    expect(calls).toEqual([0n]);
  });

  it('starts each page at the exact place (commit and prepare) of the last record read', async () => {
    // Batches of an older server: commit positions of their own, the batch's first position as prepare.
    const at = (commit: bigint, prepare: bigint, id: string) =>
      ({ commitPosition: commit, event: { id, position: { commit, prepare } } }) as AllStreamResolvedEvent;
    const all = [at(10n, 10n, 'a'), at(20n, 10n, 'b'), at(30n, 10n, 'c'), at(40n, 40n, 'd'), at(50n, 40n, 'e')];
    const order = (r: AllStreamResolvedEvent, p: LogPosition) => {
      const { commit, prepare } = r.event!.position!;
      return commit !== p.commit ? (commit < p.commit ? -1 : 1) : prepare < p.prepare ? -1 : prepare > p.prepare ? 1 : 0;
    };
    const starts: LogPosition[] = [];
    const readPage: AllPageReader = async function* (from, maxCount) {
      starts.push(from);
      yield* all.filter((r) => order(r, from) >= 0).slice(0, maxCount);
    };
    expect((await collect(recordsAfter(readPage, 0n, 2))).map((r) => r.event!.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(starts).toEqual([
      { commit: 0n, prepare: 0n },
      { commit: 20n, prepare: 10n },
      { commit: 30n, prepare: 10n },
      { commit: 40n, prepare: 40n },
      { commit: 50n, prepare: 40n },
    ]);
    // Resumed after a record's exact place: that record is not repeated, the next one is not lost.
    expect((await collect(recordsAfter(readPage, { commit: 20n, prepare: 10n }, 2))).map((r) => r.event!.id)).toEqual(['c', 'd', 'e']);
  });

  it('refuses events that share one commit position (a legacy explicit transaction), also across pages', async () => {
    const at = (commit: bigint, prepare: bigint, id: string) =>
      ({ commitPosition: commit, event: { id, position: { commit, prepare } } }) as AllStreamResolvedEvent;
    const all = [at(10n, 10n, 'a'), at(40n, 20n, 'b'), at(40n, 30n, 'c')];
    const readPage: AllPageReader = async function* (from, maxCount) {
      const { commit, prepare } = from;
      yield* all.filter((r) => r.commitPosition! > commit || (r.commitPosition === commit && r.event!.position!.prepare >= prepare)).slice(0, maxCount);
    };
    for (const pageSize of [2, 3, 10]) {
      await expect(collect(recordsAfter(readPage, 0n, pageSize))).rejects.toThrow(
        'EventStoreDB events b and c share commit position 40 (written by an explicit transaction of a legacy client): the log needs one position per event',
      );
    }
  });

  it('refuses a full page that does not move forward instead of reading it for ever', async () => {
    const same = { commitPosition: 10n, event: { id: 'a', position: { commit: 10n, prepare: 10n } } } as AllStreamResolvedEvent;
    let pages = 0;
    const readPage: AllPageReader = async function* () {
      if (++pages > 5) throw new Error('read the same page again and again');
      yield same;
      yield same;
    };
    await expect(collect(recordsAfter(readPage, 0n, 2))).rejects.toThrow('readAll made no progress after position 10');
    expect(pages).toBe(2);
  });

  it('refuses a page size that could not make progress', async () => {
    const { readPage } = fakeAll();
    await expect(collect(recordsAfter(readPage, 0n, 1))).rejects.toThrow(/at least 2/);
  });
});

describe('drain', () => {
  function read(items: unknown[], error?: Error) {
    const stream = new Readable({ objectMode: true, read() {} });
    setImmediate(() => {
      if (error) return void stream.emit('error', error);
      items.forEach((i) => stream.push(i));
      stream.push(null);
    });
    return Object.assign(stream, { cancel: jest.fn(async () => undefined) }) as unknown as StreamingRead<unknown> & { cancel: jest.Mock };
  }

  it('yields every item and does not cancel a read that completed', async () => {
    const r = read([1, 2, 3]);
    expect(await collect(drain(r))).toEqual([1, 2, 3]);
    expect(r.cancel).not.toHaveBeenCalled();
  });

  it('cancels the gRPC call when the consumer stops early', async () => {
    const r = read([1, 2, 3]);
    for await (const item of drain(r)) if (item === 1) break;
    expect(r.cancel).toHaveBeenCalledTimes(1);
  });

  it('fails with the error the read emits', async () => {
    await expect(collect(drain(read([], new Error('stream gone'))))).rejects.toThrow('stream gone');
  });

  it('survives an error emitted after the read completed (no unhandled error event)', async () => {
    const r = read([1]);
    expect(await collect(drain(r))).toEqual([1]);
    expect(() => r.emit('error', new Error('late'))).not.toThrow();
  });
});
