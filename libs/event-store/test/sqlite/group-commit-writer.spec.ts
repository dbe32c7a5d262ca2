import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailable, WrongExpectedVersion } from '../../src';
import { GroupCommitWriter } from '../../src/sqlite/group-commit-writer';
import { migrate } from '../../src/sqlite/schema';
import { newEvent, newEvents, rejectionOf } from '../contract/fixtures';

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
    expect(await rejectionOf(writer.enqueue('a', [newEvent()], 'any'))).toBeInstanceOf(StoreUnavailable);
    expect(rows()).toHaveLength(1);
  });
});
