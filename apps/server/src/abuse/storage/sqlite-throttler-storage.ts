import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';
import { SWEEP_INTERVAL_MS, SharedThrottlerStorage, blockMs, incrementSql, recordOf, type ThrottlerStorageRecord } from './shared-throttler-storage';

/**
 * Rate-limit counts in `rate-limits.sqlite` beside the embedded log: shared by the processes on that
 * log. A file of its own, so the counting of every request never waits on another store's writes.
 * synchronous=NORMAL: a power cut may forget the last counts, which is harmless.
 */
export class SqliteThrottlerStorage extends SharedThrottlerStorage {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly expired: Database.Statement;
  private readonly sweeper: NodeJS.Timeout;

  static inFolder(dir: string, clock: () => number = Date.now): SqliteThrottlerStorage {
    return new SqliteThrottlerStorage(join(dir, 'rate-limits.sqlite'), clock);
  }

  constructor(
    path: string,
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS rate_limit_counts (
      key TEXT NOT NULL, throttler TEXT NOT NULL, hits INTEGER NOT NULL, window_ends INTEGER NOT NULL, blocked_until INTEGER NOT NULL,
      PRIMARY KEY (key, throttler))`);
    // One statement, so one write transaction: SQLite serialises the processes' increments.
    this.upsert = this.db.prepare(incrementSql((name) => `@${name}`));
    this.expired = this.db.prepare('DELETE FROM rate_limit_counts WHERE window_ends <= ? AND blocked_until <= ?');
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_INTERVAL_MS).unref();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock();
    const row = this.upsert.get({ key, throttler: throttlerName, now, ttl, limit, block: blockMs(ttl, blockDuration) }) as Parameters<typeof recordOf>[0];
    return recordOf(row, now);
  }

  async sweep(now = this.clock()): Promise<void> {
    this.expired.run(now, now);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.db.open) this.db.close();
  }
}
