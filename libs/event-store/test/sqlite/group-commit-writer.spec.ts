import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailable, WrongExpectedVersion } from '../../src';
import * as chainCheck from '../../src/hash-chain/chain-check';
import { GroupCommitWriter } from '../../src/sqlite/group-commit-writer';
import { migrate } from '../../src/sqlite/schema';
import { newEvent, newEvents, rejectionOf } from '../contract/fixtures';
import { tamperWithEvent } from '../support/tamper';

/** The embedded store's writer, on its own: what one transaction writes, announces and refuses. */
describe('GroupCommitWriter', () => {
  let dir: string;
  let path: string;
  let db: Database.Database;
  let announced: bigint[];
  let writer: GroupCommitWriter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-writer-'));
    path = join(dir, 'events.sqlite');
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.defaultSafeIntegers(true);
    const now = () => new Date('2026-01-01T00:00:00Z');
    migrate(db, now);
    announced = [];
    writer = new GroupCommitWriter(db, now, (position) => announced.push(position));
  });
  afterEach(() => {
    writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => db.prepare('SELECT stream_id, revision, position FROM events ORDER BY position').all() as { stream_id: string; revision: bigint; position: bigint }[];

  it('writes what arrives together in one transaction and announces its last position once', async () => {
    const results = await Promise.all([
      writer.enqueue('a', newEvents(2), 'no_stream'),
      writer.enqueue('b', [newEvent()], 'no_stream'),
      writer.enqueue('a', [newEvent()], 'no_stream'), // refused: a exists by then
    ].map((p) => p.catch((error: unknown) => error)));
    expect(results[0]).toEqual({ nextRevision: 1n, position: rows()[1].position });
    expect(results[1]).toEqual({ nextRevision: 0n, position: rows()[2].position });
    expect(results[2]).toBeInstanceOf(WrongExpectedVersion);
    expect(writer.stats).toEqual({ transactions: 1, appends: 3 });
    expect(announced).toEqual([rows()[2].position]);
  });

  it('announces nothing when a transaction only recognised retries (nothing new was written)', async () => {
    const batch = newEvents(2);
    const first = await writer.enqueue('a', batch, 'no_stream');
    announced = [];
    expect(await writer.enqueue('a', batch, 'no_stream')).toEqual(first);
    expect(announced).toEqual([]);
    expect(rows()).toHaveLength(2);
  });

  it('announces the highest position written when a retry and a new append share a transaction', async () => {
    const batch = newEvents(2);
    await writer.enqueue('a', batch, 'no_stream');
    announced = [];
    const [retried, fresh] = await Promise.all([writer.enqueue('a', batch, 'no_stream'), writer.enqueue('b', [newEvent()], 'no_stream')]);
    expect(retried.position).toBeLessThan(fresh.position);
    expect(announced).toEqual([fresh.position]);
  });

  it('bounds a transaction at 2,000 appends', async () => {
    await Promise.all(Array.from({ length: 2_001 }, (_, i) => writer.enqueue(`s-${i}`, [newEvent()], 'no_stream')));
    expect(writer.stats).toEqual({ transactions: 2, appends: 2_001 });
    expect(announced).toEqual([rows()[1_999].position, rows()[2_000].position]);
  });

  it('refuses every append of a transaction that could not commit (the file locked), writing nothing, and goes on', async () => {
    db.pragma('busy_timeout = 0');
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const refusals = await Promise.all([writer.enqueue('a', [newEvent()], 'no_stream'), writer.enqueue('b', newEvents(2), 'any')].map(rejectionOf));
      expect(refusals.map((e) => (e as { code?: string }).code)).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY']);
      expect(writer.stats.transactions).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(rows()).toEqual([]);
    expect(announced).toEqual([]);
    expect(await writer.enqueue('a', [newEvent()], 'no_stream')).toMatchObject({ nextRevision: 0n });
  });

  it('writes what is queued when closed, and refuses appends after', async () => {
    const queued = writer.enqueue('a', [newEvent()], 'no_stream');
    writer.close();
    expect(await queued).toMatchObject({ nextRevision: 0n });
    const refusal = await rejectionOf(writer.enqueue('a', [newEvent()], 'any'));
    expect(refusal).toBeInstanceOf(StoreUnavailable);
    expect((refusal as Error).message).toBe('The event store is closed');
    expect(rows()).toHaveLength(1);
  });

  it('rolls back a multi-event append that fails half-way alone: the single-event and multi-event appends beside it land', async () => {
    // An insert the database refuses (standing for a full disk or a constraint) on the second event of an append.
    db.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
    const outcomes = await Promise.allSettled([
      writer.enqueue('half', [newEvent('Fine'), newEvent('Poison')], 'no_stream'),
      writer.enqueue('single', [newEvent('Fine')], 'no_stream'),
      writer.enqueue('alone', [newEvent('Poison')], 'no_stream'),
      writer.enqueue('pair', [newEvent('Fine'), newEvent('Fine')], 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'poisoned' });
    expect(writer.stats).toEqual({ transactions: 1, appends: 4 });
    // Nothing of the failed appends is stored, not even the first event of the pair that failed.
    expect(rows().map((r) => [r.stream_id, r.revision])).toEqual([
      ['single', 0n],
      ['pair', 0n],
      ['pair', 1n],
    ]);
    expect(announced).toEqual([rows()[2].position]);
  });

  describe('heads known to be intact', () => {
    let checks: jest.SpyInstance;
    beforeEach(() => {
      checks = jest.spyOn(chainCheck, 'assertIntact');
    });
    afterEach(() => checks.mockRestore());
    const checkedStreams = () => checks.mock.calls.map(([event]) => (event as { streamId: string }).streamId);

    it('chains onto a head it wrote without reading it back, and checks a head it did not write once', async () => {
      await writer.enqueue('a', [newEvent()], 'no_stream');
      await writer.enqueue('a', newEvents(2), 0n);
      expect(checkedStreams()).toEqual([]);
      // Another writer (a restart, another process) has not seen the head: it checks it, then knows it.
      const other = new GroupCommitWriter(db, () => new Date('2026-01-01T00:00:00Z'), () => undefined);
      try {
        await other.enqueue('a', [newEvent()], 2n);
        await other.enqueue('a', [newEvent()], 3n);
        expect(checkedStreams()).toEqual(['a']);
      } finally {
        other.close();
      }
    });

    it('forgets the least recently written of more than 10,000 heads, and checks a forgotten head again before chaining onto it', async () => {
      const streams = Array.from({ length: 10_001 }, (_, i) => `s-${i}`);
      await Promise.all(streams.map((s) => writer.enqueue(s, [newEvent()], 'no_stream')));
      expect(checkedStreams()).toEqual([]);
      await writer.enqueue('s-1', [newEvent()], 0n); // still known
      expect(checkedStreams()).toEqual([]);
      await writer.enqueue('s-0', [newEvent()], 0n); // forgotten: checked again
      expect(checkedStreams()).toEqual(['s-0']);
      // A forgotten head damaged meanwhile is found, and nothing is chained onto it.
      await writer.enqueue('s-2', [newEvent()], 0n); // s-2 was forgotten too (checked, known again): now s-3 is
      tamperWithEvent(path, 's-3', 0n, '{"n":2}');
      expect(await rejectionOf(writer.enqueue('s-3', [newEvent()], 0n))).toMatchObject({ code: 'record_damaged', damage: { streamId: 's-3', revision: 0n } });
      expect(rows().filter((r) => r.stream_id === 's-3')).toHaveLength(1);
    });
  });
});
