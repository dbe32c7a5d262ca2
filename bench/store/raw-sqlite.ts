/**
 * The physical limit: better-sqlite3 straight onto a minimal events table, at the same durability
 * as Klaster (WAL, synchronous=FULL: one fsync per transaction). No validation, no hash chain, no
 * idempotency check: the UNIQUE (stream_id, revision) constraint is the only concurrency check.
 */
import Database from 'better-sqlite3';
import type { BenchEvent, StoreHandle, Subject } from './common';

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

const PAGE = 1_000;

function decode(row: Row) {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
  };
}

class RawHandle implements StoreHandle {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly appendTx: (streamId: string, expected: number, events: BenchEvent[]) => void;
  private readonly acrossTx: (items: { streamId: string; expected: number; event: BenchEvent }[]) => void;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS events (
      position  INTEGER PRIMARY KEY AUTOINCREMENT,
      stream_id TEXT    NOT NULL,
      revision  INTEGER NOT NULL,
      type      TEXT    NOT NULL,
      data      TEXT    NOT NULL,
      metadata  TEXT    NOT NULL,
      UNIQUE (stream_id, revision)
    )`);
    this.insert = this.db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
    const write = (streamId: string, revision: number, e: BenchEvent) =>
      this.insert.run(streamId, revision, e.type, JSON.stringify(e.data), JSON.stringify({ id: e.id, ...e.metadata }));
    const appendTx = this.db.transaction((streamId: string, expected: number, events: BenchEvent[]) => {
      events.forEach((e, i) => write(streamId, expected + i, e));
    });
    const acrossTx = this.db.transaction((items: { streamId: string; expected: number; event: BenchEvent }[]) => {
      for (const item of items) write(item.streamId, item.expected, item.event);
    });
    this.appendTx = (s, x, e) => appendTx.immediate(s, x, e);
    this.acrossTx = (items) => acrossTx.immediate(items);
  }

  async append(streamId: string, expected: number, events: BenchEvent[]): Promise<void> {
    this.appendTx(streamId, expected, events);
  }

  async appendAcross(items: { streamId: string; expected: number; event: BenchEvent }[]): Promise<void> {
    this.acrossTx(items);
  }

  async readAll(): Promise<number> {
    let n = 0;
    const stmt = this.db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position');
    for (const row of stmt.iterate() as IterableIterator<Row>) {
      decode(row);
      n++;
    }
    return n;
  }

  async readStream(streamId: string): Promise<number> {
    const rows = this.db
      .prepare('SELECT position, stream_id, revision, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision')
      .all(streamId) as Row[];
    for (const row of rows) decode(row);
    return rows.length;
  }

  /** Keyset pages of 1,000 after the last position seen: the loop any catch-up subscription runs. */
  async catchUp(): Promise<number> {
    const page = this.db.prepare(
      'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = page.all(after, PAGE) as Row[];
      for (const row of rows) decode(row);
      n += rows.length;
      if (rows.length < PAGE) return n;
      after = rows[rows.length - 1].position;
      // Yield to the event loop between pages, as an async subscription would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  async durability(): Promise<string> {
    const journal = this.db.pragma('journal_mode', { simple: true });
    const sync = this.db.pragma('synchronous', { simple: true });
    return `journal_mode=${journal}, synchronous=${sync === 2 ? 'FULL' : sync}`;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export const rawSqlite: Subject = {
  key: 'raw',
  label: 'Raw better-sqlite3',
  concurrentMode: 'batched',
  async open(path) {
    return new RawHandle(path);
  },
  async sqliteVersion() {
    const db = new Database(':memory:');
    try {
      return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    } finally {
      db.close();
    }
  },
};
