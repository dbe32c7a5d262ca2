import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src';
import { collect, newEvent } from '../contract/fixtures';

/** The embedded store's schema as an operator meets it: the migrations a file records, and a file too new. */
describe('SqliteEventStore schema', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-schema-'));
    path = join(dir, 'events.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const migrations = () => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    } finally {
      db.close();
    }
  };

  it('records each migration of a new file by version and name', async () => {
    await SqliteEventStore.open({ path }).close();
    expect(migrations()).toEqual([
      { version: 1, name: 'events table, append-only' },
      { version: 2, name: 'events: idempotency per stream, no log-wide event id index' },
    ]);
  });

  it('creates a log whose idempotency is per stream: the same event id may be written to two streams', async () => {
    const store = SqliteEventStore.open({ path });
    try {
      const shared = newEvent('T', { n: 1 }, '0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d');
      await store.append('a', [shared], { expectedRevision: 'no_stream' });
      await store.append('b', [shared], { expectedRevision: 'no_stream' });
      expect((await collect(store.readAll())).map((e) => [e.streamId, e.id])).toEqual([
        ['a', shared.id],
        ['b', shared.id],
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses a file written by a newer build, saying which versions, changing nothing in it and keeping nothing open on it', async () => {
    await SqliteEventStore.open({ path }).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (3, 'from a newer build', '2027-01-01T00:00:00.000Z')").run();
    db.close();
    const openFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false; // closed meanwhile (the listing's own descriptor)
        }
      }).length;
    expect(openFiles()).toBe(0);
    expect(() => SqliteEventStore.open({ path })).toThrow(new Error('Event store schema version 3 is newer than this build supports (2)'));
    // The refused file is let go of: no connection to it stays open (its database, WAL and shared-memory files).
    expect(openFiles()).toBe(0);
    expect(migrations()).toEqual([
      { version: 1, name: 'events table, append-only' },
      { version: 2, name: 'events: idempotency per stream, no log-wide event id index' },
      { version: 3, name: 'from a newer build' },
    ]);
  });
});
