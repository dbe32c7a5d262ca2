import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import { StoreUnavailable, StreamNotFound } from '../port/errors';
import { matchesFilter } from '../port/filter';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port/types';
import { START } from '../port/types';
import {
  DEFAULT_MAX_EVENT_BYTES,
  validateAppend,
  validateMaxCount,
  validatePosition,
  validateStreamId,
} from '../port/validation';
import type { VerificationReport } from '../hash-chain/hash-chain';
import { BackwardChainCheck, ForwardChainCheck, type ChainLink, type DataHashed, type LinkLookup } from '../hash-chain/chain-check';
import type { EventWithJson, JsonTextReader, ReadAllWithJsonOptions } from '../port/json-text';
import { verifyLog } from '../hash-chain/verify-log';
import { ChangeWatcher } from './change-watcher';
import { GroupCommitWriter } from './group-commit-writer';
import { COL, EVENT_COLUMNS, readRow, StoredJson, type EventRow } from './rows';
import { migrate } from './schema';
import { SqliteSubscription } from './sqlite-subscription';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' is refused: durability needs a file. */
  path: string;
  maxEventBytes?: number;
  /** Events fetched per query while reading or catching up. */
  pageSize?: number;
  /**
   * How often, while a subscription is live, the store checks whether another process (a second server
   * on the same file) has committed (`PRAGMA data_version`: no read of the database itself).
   */
  pollIntervalMs?: number;
  now?: () => Date;
}

/**
 * The embedded event store: one SQLite file in WAL mode, synchronous=FULL (an acknowledged append
 * has been fsynced), a writer connection fed by group commit and a separate reader connection.
 */
export class SqliteEventStore implements EventStore, JsonTextReader {
  readonly kind = 'sqlite';
  private readonly writerDb: Database.Database;
  private readonly readerDb: Database.Database;
  private readonly writer: GroupCommitWriter;
  private readonly commits = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly maxEventBytes: number;
  private readonly pageSize: number;
  private readonly watcher: ChangeWatcher;
  private closed = false;

  private readonly stmt: {
    streamForwards: Database.Statement;
    streamBackwards: Database.Statement;
    streamHead: Database.Statement;
    allAfter: Database.Statement;
    head: Database.Statement;
    link: Database.Statement;
  };
  /** The stored hash of an event, for checking the link of the next one (see ForwardChainCheck). */
  private readonly linkAt: LinkLookup;

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  private constructor(options: SqliteEventStoreOptions) {
    if (options.path === ':memory:' || options.path === '') {
      throw new Error('The SQLite event store needs a file path: an in-memory log would not be durable');
    }
    mkdirSync(dirname(options.path), { recursive: true });
    const now = options.now ?? (() => new Date());
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pageSize = options.pageSize ?? 1_000;
    this.commits.setMaxListeners(0);

    this.writerDb = new Database(options.path);
    try {
      this.writerDb.pragma('journal_mode = WAL');
      // FULL: the WAL is fsynced at every commit, so an acknowledged append survives power loss.
      this.writerDb.pragma('synchronous = FULL');
      this.writerDb.pragma('busy_timeout = 5000');
      this.writerDb.defaultSafeIntegers(true);
      migrate(this.writerDb, now);
    } catch (error) {
      // A refused file (a newer schema, a lock held too long) is let go of: no connection stays open on it.
      this.writerDb.close();
      throw error;
    }

    this.readerDb = new Database(options.path, { readonly: true });
    this.readerDb.pragma('busy_timeout = 5000');
    this.readerDb.defaultSafeIntegers(true);
    this.watcher = new ChangeWatcher(this.readerDb, this.commits, options.pollIntervalMs ?? 50);

    this.writer = new GroupCommitWriter(this.writerDb, now, (position) => this.commits.emit('commit', position));
    this.stmt = {
      streamForwards: this.readerDb.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ).raw(true),
      streamBackwards: this.readerDb.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ).raw(true),
      streamHead: this.readerDb.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      allAfter: this.readerDb.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`).raw(true),
      head: this.readerDb.prepare('SELECT COALESCE(MAX(position), 0) AS position FROM events'),
      link: this.readerDb.prepare('SELECT revision, hash FROM events WHERE stream_id = ? AND revision = ?'),
    };
    this.linkAt = (streamId, revision) => this.stmt.link.get(streamId, revision) as ChainLink | undefined;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      validateAppend(streamId, events, options, this.maxEventBytes);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.enqueue(streamId, events, options.expectedRevision);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validateStreamId(streamId);
    validateMaxCount(options.maxCount);
    const backwards = options.direction === 'backwards';
    const head = (this.stmt.streamHead.get(streamId) as { revision: bigint | null }).revision;
    if (head === null) throw new StreamNotFound(streamId);
    let remaining = options.maxCount ?? Infinity;
    let next: bigint =
      options.from === undefined || options.from === 'start'
        ? backwards ? head : 0n
        : options.from === 'end' ? (backwards ? head : head + 1n) : options.from;
    // Every event's hash and its link to the previous one of the stream are checked as it is read.
    const chain = backwards ? new BackwardChainCheck() : new ForwardChainCheck(this.linkAt);
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = (backwards ? this.stmt.streamBackwards : this.stmt.streamForwards).all(streamId, next, limit) as EventRow[];
      for (const row of rows) {
        const event = readRow(row);
        chain.check(event, row[COL.data]);
        yield event;
      }
      remaining -= rows.length;
      if (rows.length < limit) return;
      next = backwards ? rows[rows.length - 1][COL.revision] - 1n : rows[rows.length - 1][COL.revision] + 1n;
      if (next < 0n) return;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    validateMaxCount(options.maxCount);
    let after = options.fromPosition ?? START;
    let remaining = options.maxCount ?? Infinity;
    const chain = new ForwardChainCheck(this.linkAt);
    while (remaining > 0) {
      const rows = this.readPageAfter(after);
      for (const row of rows) {
        if (!matchesFilter(options.filter, row[COL.streamId], row[COL.type])) continue;
        const event = readRow(row);
        chain.check(event, row[COL.data]);
        yield event;
        if (--remaining === 0) return;
      }
      if (rows.length < this.pageSize) return;
      after = rows[rows.length - 1][COL.position];
    }
  }

  /**
   * readAll in pages, each event with the JSON of its data and metadata taken from the stored text where
   * it is what JSON.stringify would write (see dataJsonOf, metadataJsonOf), every event checked as readAll
   * checks it. A damaged event ends the read as in readAll: the events before it are delivered first.
   */
  async *readAllWithJson(options: ReadAllWithJsonOptions = {}): AsyncIterable<EventWithJson[]> {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    let after = options.fromPosition ?? START;
    const to = options.toPosition;
    const chain = new ForwardChainCheck(this.linkAt);
    const hashed: DataHashed = { asStored: false };
    for (;;) {
      const rows = this.readPageAfter(after);
      let page: EventWithJson[] = [];
      for (const row of rows) {
        if (to !== undefined && row[COL.position] > to) return yield* nonEmpty(page);
        if (!matchesFilter(options.filter, row[COL.streamId], row[COL.type])) continue;
        try {
          const event = readRow(row);
          chain.check(event, row[COL.data], hashed);
          page.push(new StoredJson(event, row, hashed.asStored));
        } catch (error) {
          yield* nonEmpty(page);
          throw error;
        }
        // Small pages: a page of the store's thousand rows, decoded and held across the reader's awaits, measured slower.
        if (page.length === JSON_PAGE_EVENTS) {
          yield page;
          page = [];
        }
      }
      yield* nonEmpty(page);
      if (rows.length < this.pageSize) return;
      after = rows[rows.length - 1][COL.position];
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    validatePosition(options.fromPosition, 'fromPosition');
    const subscription = new SqliteSubscription({
      fromPosition: options.fromPosition ?? START,
      filter: options.filter,
      pageSize: this.pageSize,
      readPageAfter: (after) => this.readPageAfter(after),
      chain: new ForwardChainCheck(this.linkAt),
      commits: this.commits,
      watcher: this.watcher,
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** How many appends were committed in how many transactions (group commit ratio). */
  commitStats(): { transactions: number; appends: number } {
    return { ...this.writer.stats };
  }

  async headPosition(): Promise<GlobalPosition> {
    this.assertOpen();
    return (this.stmt.head.get() as { position: bigint }).position;
  }

  /** Recomputes every event's hash and checks each stream's chain (verifyLog through this adapter). */
  async verify(): Promise<VerificationReport> {
    this.assertOpen();
    return verifyLog(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.close();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.watcher.stop();
    this.readerDb.close();
    this.writerDb.close();
  }

  private readPageAfter(after: bigint): EventRow[] {
    this.assertOpen();
    return this.stmt.allAfter.all(after, this.pageSize) as EventRow[];
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable('The event store is closed');
  }
}

/** Events per page of readAllWithJson. */
const JSON_PAGE_EVENTS = 16;

function* nonEmpty<T>(page: T[]): Iterable<T[]> {
  if (page.length > 0) yield page;
}
