/**
 * Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, on node-sqlite3).
 *
 * What its API offers, and so what is measured:
 * - appends: `getSQLiteEventStore(...).appendToStream(stream, events, { expectedStreamVersion })`.
 *   With a file database the store opens a new sqlite3 connection for every call and closes it
 *   afterwards. Its instance is not safe for concurrent appends (calls share one connection variable
 *   that the first finished call closes; see the probe in run.ts), so its "64 writers" go through
 *   an application-level mutex.
 * - readStream: `store.readStream(stream)` (one query per stream, all events at once).
 * - read all: the EventStore has no readAll; the package exports `readMessagesBatch(connection,
 *   { after, batchSize })`, the primitive its consumer pulls with, used here on one kept connection.
 * - catch-up: `store.consumer(...)` with one processor from BEGINNING that stops after the last event.
 *
 * Durability: Emmett sets only `PRAGMA journal_mode = WAL`; synchronous is SQLite's compiled
 * default, read back from a connection made the way Emmett makes them (durability()).
 */
import {
  appendToStream as appendToStreamOnConnection,
  createEventStoreSchema,
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  type SQLiteConnection,
  type SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';
import type { Event } from '@event-driven-io/emmett';
import sqlite3 from 'sqlite3';
import { makeEvent, type BenchEvent, type StoreHandle, type Subject } from './common';

type EmmettEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

const PAGE = 1_000;
let catchUpRuns = 0;

function toEmmett(e: BenchEvent): EmmettEvent {
  // Emmett generates a messageId per message; passing ours in metadata keeps the stored bytes comparable.
  return { type: e.type, data: e.data, metadata: { messageId: e.id, ...e.metadata } };
}

class EmmettHandle implements StoreHandle {
  private readonly store: SQLiteEventStore;
  private readonly closing: Promise<void>[] = [];

  constructor(private readonly fileName: string) {
    this.store = getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
  }

  async append(streamId: string, expected: number, events: BenchEvent[]): Promise<void> {
    // Emmett's stream version counts events (0 = no stream), so "expected" maps one to one.
    await this.store.appendToStream(streamId, events.map(toEmmett), { expectedStreamVersion: BigInt(expected) });
  }

  async readAll(): Promise<number> {
    return this.withConnection(async (connection) => {
      let after = 0n;
      let n = 0;
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: PAGE });
        n += batch.messages.length;
        if (!batch.areEventsLeft) return n;
        after = batch.currentGlobalPosition;
      }
    });
  }

  async readStream(streamId: string): Promise<number> {
    const result = await this.store.readStream(streamId);
    return result.events.length;
  }

  /**
   * Emmett's consumer with one processor, pulling 1,000 messages a batch with no pause between full
   * batches (its defaults, 100 a batch and 50 ms between pulls, would measure its sleeps, not its
   * work). Its processor stores a checkpoint per message, in one transaction per batch.
   */
  async catchUp(): Promise<number> {
    const row = await plainQuery<{ p: number | null }>(this.fileName, 'SELECT MAX(global_position) AS p FROM emt_messages');
    const last = BigInt(row?.p ?? 0);
    const consumer = this.store.consumer({ pulling: { batchSize: PAGE, pullingFrequencyInMs: 0 } });
    let n = 0;
    consumer.processor({
      processorId: `bench-catch-up-${++catchUpRuns}`,
      startFrom: 'BEGINNING',
      eachMessage: () => {
        n++;
      },
      stopAfter: (message) => message.metadata.globalPosition >= last,
    });
    try {
      await consumer.start();
    } finally {
      // close() sleeps 250 ms; let it run outside the timing, awaited by close().
      this.closing.push(consumer.close());
    }
    return n;
  }

  async count(): Promise<number> {
    const row = await plainQuery<{ n: number }>(this.fileName, 'SELECT COUNT(*) AS n FROM emt_messages');
    return row?.n ?? 0;
  }

  /** Read back on a connection opened exactly as Emmett opens its own (sqliteConnection). */
  async durability(): Promise<string> {
    return this.withConnection(async (c) => {
      const journal = await c.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
      const sync = await c.querySingle<{ synchronous: number }>('PRAGMA synchronous');
      const busy = await c.querySingle<{ timeout: number }>('PRAGMA busy_timeout');
      const level = sync?.synchronous === 2 ? 'FULL' : sync?.synchronous === 1 ? 'NORMAL' : String(sync?.synchronous);
      return `journal_mode=${journal?.journal_mode}, synchronous=${level} (compiled default; Emmett sets only journal_mode), busy_timeout=${busy?.timeout} ms`;
    });
  }

  async close(): Promise<void> {
    // The store itself has no close(): with a file it closes its connection after every call, without
    // waiting for the close to finish. Let those closes settle before the harness deletes the file
    // (Emmett's own consumer.close() sleeps 250 ms for the same reason).
    await Promise.all(this.closing);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  /** Creates Emmett's tables up front so that no timed call pays for it. */
  createSchema(): Promise<void> {
    return this.withConnection((c) => createEventStoreSchema(c));
  }

  protected async withConnection<T>(fn: (c: SQLiteConnection) => Promise<T>): Promise<T> {
    const connection = sqliteConnection({ fileName: this.fileName });
    try {
      return await fn(connection);
    } finally {
      connection.close();
    }
  }
}

export const emmett: Subject = {
  key: 'emmett',
  label: 'Emmett SQLite 0.38.5',
  concurrentMode: 'serialised',
  async open(path) {
    const handle = new EmmettHandle(path);
    await handle.createSchema();
    return handle;
  },
  async sqliteVersion() {
    const connection = sqliteConnection({ fileName: ':memory:' });
    try {
      return (await connection.querySingle<{ v: string }>('SELECT sqlite_version() AS v'))?.v ?? 'unknown';
    } finally {
      connection.close();
    }
  },
};

/** A bench-side query on its own node-sqlite3 connection, opened and closed with callbacks awaited. */
function plainQuery<T>(fileName: string, sql: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(fileName, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.get(sql, (queryError: Error | null, row: T | undefined) => {
        db.close((closeError) => (queryError ?? closeError ? reject(queryError ?? closeError) : resolve(row)));
      });
    });
  });
}

/**
 * Emmett's lower-level `appendToStream(connection, ...)` on one connection kept open: what its SQL
 * costs without the store's open/close per call. Appends only; shown beside the main table.
 */
class EmmettKeptConnectionHandle extends EmmettHandle {
  private connection: SQLiteConnection | undefined;

  /** Opens the kept connection once the schema exists, and waits until its PRAGMA has run. */
  async connect(fileName: string): Promise<void> {
    this.connection = sqliteConnection({ fileName });
    await this.connection.querySingle('PRAGMA journal_mode');
  }

  override async append(streamId: string, expected: number, events: BenchEvent[]): Promise<void> {
    if (!this.connection) throw new Error('not connected');
    const result = await appendToStreamOnConnection(this.connection, streamId, 'bench', events.map(toEmmett), {
      expectedStreamVersion: BigInt(expected),
    });
    if (!result.success) throw new Error(`Emmett refused the append to ${streamId} at version ${expected}`);
  }

  override async close(): Promise<void> {
    this.connection?.close();
    await super.close();
  }
}

export const emmettKeptConnection: Subject = {
  key: 'emmettKept',
  label: 'Emmett, schema-level appendToStream on one kept connection',
  concurrentMode: 'serialised',
  skip: ['concurrent', 'readAll', 'readStream', 'catchUp'],
  async open(path) {
    const handle = new EmmettKeptConnectionHandle(path);
    await handle.createSchema();
    await handle.connect(path);
    return handle;
  },
  sqliteVersion: () => emmett.sqliteVersion(),
};

/**
 * Shows (bounded in time) what happens when several async writers append concurrently through one
 * Emmett store instance, each to its own stream with exact expected versions.
 */
export async function probeEmmettConcurrency(
  fileName: string,
  writers: number,
  appendsPerWriter: number,
  timeoutMs: number,
): Promise<{ ok: number; failed: number; errors: string[]; seconds: number; timedOut: boolean }> {
  const store = getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
  await store.appendToStream('probe-init', [toEmmett(makeEvent(0))]);
  let ok = 0;
  let failed = 0;
  const errors = new Set<string>();
  const started = performance.now();
  const log = console.log;
  console.log = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const work = Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let version = 0n;
        for (let i = 0; i < appendsPerWriter; i++) {
          try {
            await store.appendToStream(`probe-${w}`, [toEmmett(makeEvent(i))], { expectedStreamVersion: version });
            version++;
            ok++;
          } catch (error) {
            failed++;
            errors.add(String((error as Error).message).split('\n')[0]);
          }
        }
      }),
    ).then(() => false);
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const timedOut = await Promise.race([work, timeout]);
    return { ok, failed, errors: [...errors], seconds: (performance.now() - started) / 1000, timedOut };
  } finally {
    clearTimeout(timer);
    console.log = log;
  }
}
