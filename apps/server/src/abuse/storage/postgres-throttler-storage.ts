import type { Pool } from 'pg';
import { migratePostgres } from '../../shared-state/postgres/migrate';
import { SWEEP_INTERVAL_MS, SharedThrottlerStorage, blockMs, incrementSql, recordOf, type ThrottlerStorageRecord } from './shared-throttler-storage';

const PARAMETERS = ['key', 'throttler', 'now', 'ttl', 'limit', 'block'] as const;
/** The upsert with PostgreSQL's numbered parameters (typed: the arithmetic is on bigint milliseconds). */
const INCREMENT = incrementSql((name) => `$${PARAMETERS.indexOf(name) + 1}::${name === 'key' || name === 'throttler' ? 'text' : 'bigint'}`);

/**
 * Rate-limit counts in PostgreSQL (DATABASE_URL), shared by every instance. The upsert's row lock
 * orders two increments of one key: the second reads the first's count. An UNLOGGED table: the
 * counts are not worth the WAL, and a crash of the database merely starts every window afresh.
 */
export class PostgresThrottlerStorage extends SharedThrottlerStorage {
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly pool: Pool,
    private readonly clock: () => number,
  ) {
    super();
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_INTERVAL_MS).unref();
  }

  static async open(pool: Pool, clock: () => number = Date.now): Promise<PostgresThrottlerStorage> {
    await migratePostgres(pool, 'rate_limits', [
      {
        version: 1,
        name: 'rate_limit_counts: one fixed window per key and throttler',
        sql: `CREATE UNLOGGED TABLE rate_limit_counts (
          key TEXT NOT NULL, throttler TEXT NOT NULL, hits INTEGER NOT NULL, window_ends BIGINT NOT NULL, blocked_until BIGINT NOT NULL,
          PRIMARY KEY (key, throttler))`,
      },
    ]);
    return new PostgresThrottlerStorage(pool, clock);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock();
    const { rows } = await this.pool.query<Parameters<typeof recordOf>[0]>(INCREMENT, [key, throttlerName, now, ttl, limit, blockMs(ttl, blockDuration)]);
    return recordOf(rows[0], now);
  }

  async sweep(now = this.clock()): Promise<void> {
    await this.pool.query('DELETE FROM rate_limit_counts WHERE window_ends <= $1 AND blocked_until <= $1', [now]);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    // The pool belongs to the shared state.
  }
}
