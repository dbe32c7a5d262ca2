import type Database from 'better-sqlite3';

/**
 * Ordered, append-only list of schema migrations. A migration is never edited once released:
 * add a new one. Triggers make the events table append-only at the database level too.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'events table, append-only',
    sql: `
      CREATE TABLE events (
        position   INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id   TEXT    NOT NULL UNIQUE,
        stream_id  TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        type       TEXT    NOT NULL,
        data       TEXT    NOT NULL,
        metadata   TEXT    NOT NULL,
        prev_hash  TEXT,
        hash       TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;
    `,
  },
  {
    // Idempotency is per stream, as in EventStoreDB (a retried batch is found at the stream's end or
    // at the revisions it expected), so the log-wide UNIQUE index on the random event ids — which
    // dirtied a random index page per append — goes. The rows are copied as they are, same positions,
    // same bytes; the AUTOINCREMENT counter is carried over so no position is ever handed out twice.
    version: 2,
    name: 'events: idempotency per stream, no log-wide event id index',
    sql: `
      CREATE TABLE events_v2 (
        position   INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id   TEXT    NOT NULL,
        stream_id  TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        type       TEXT    NOT NULL,
        data       TEXT    NOT NULL,
        metadata   TEXT    NOT NULL,
        prev_hash  TEXT,
        hash       TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
      INSERT INTO events_v2 (position, event_id, stream_id, revision, type, data, metadata, prev_hash, hash)
        SELECT position, event_id, stream_id, revision, type, data, metadata, prev_hash, hash FROM events ORDER BY position;
      CREATE TEMP TABLE carried_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'events';
      DROP TABLE events;
      ALTER TABLE events_v2 RENAME TO events;
      DELETE FROM sqlite_sequence WHERE name IN ('events', 'events_v2');
      INSERT INTO sqlite_sequence (name, seq) SELECT 'events', seq FROM carried_sequence;
      DROP TABLE carried_sequence;
      CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function migrate(db: Database.Database, now: () => Date): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const currentVersion = db.prepare('SELECT MAX(version) AS v FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // The version is read inside the write transaction: two processes opening an old file at once (two
  // servers on one log) take turns, and the second finds the migrations already applied.
  db.transaction(() => {
    const row = currentVersion.get() as { v: bigint | number | null };
    const current = row.v === null ? 0 : Number(row.v);
    if (current > LATEST_SCHEMA_VERSION) {
      throw new Error(`Event store schema version ${current} is newer than this build supports (${LATEST_SCHEMA_VERSION})`);
    }
    for (const m of MIGRATIONS.filter((m) => m.version > current)) {
      db.exec(m.sql);
      record.run(m.version, m.name, now().toISOString());
    }
  }).immediate();
}
