import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler's guard reads from its storage (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage on the shared state (SharedState), so that every instance on one log
 * draws on one budget per person and per address: without it, two instances would double every limit.
 * A fixed window per key and throttler (as the Redis storages for the throttler count), in one row:
 * the window's hits, when it ends, and until when the key is blocked once it went over the limit.
 * Each increment is one atomic upsert, so two instances counting at once never lose a hit.
 */
export abstract class SharedThrottlerStorage implements ThrottlerStorage {
  abstract increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord>;
  /** Forgets the rows whose window and block are over (they would start afresh anyway). */
  abstract sweep(now?: number): Promise<void>;
  abstract close(): Promise<void>;

  /** Nest closes the storage with the application (ThrottlerModule provides it as given). */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** How often the expired rows are swept out of the table. */
export const SWEEP_INTERVAL_MS = 60_000;

/**
 * The upsert both implementations run (named parameters, spelled for each driver by `p`). Every SET
 * expression reads the row as it was:
 * - blocked (blocked_until in the future): nothing changes, the request is refused;
 * - the block is over, or the window ended: a new window starts with this hit;
 * - otherwise one more hit; going over the limit blocks the key for the block duration.
 */
export function incrementSql(p: (name: 'key' | 'throttler' | 'now' | 'ttl' | 'limit' | 'block') => string): string {
  const blocked = `r.blocked_until > ${p('now')}`;
  const fresh = `(r.blocked_until > 0 OR r.window_ends <= ${p('now')})`;
  const hits = `CASE WHEN ${fresh} THEN 1 ELSE r.hits + 1 END`;
  return `INSERT INTO rate_limit_counts AS r (key, throttler, hits, window_ends, blocked_until)
    VALUES (${p('key')}, ${p('throttler')}, 1, ${p('now')} + ${p('ttl')}, CASE WHEN 1 > ${p('limit')} THEN ${p('now')} + ${p('block')} ELSE 0 END)
    ON CONFLICT (key, throttler) DO UPDATE SET
      hits = CASE WHEN ${blocked} THEN r.hits ELSE ${hits} END,
      window_ends = CASE WHEN ${blocked} THEN r.window_ends WHEN ${fresh} THEN ${p('now')} + ${p('ttl')} ELSE r.window_ends END,
      blocked_until = CASE WHEN ${blocked} THEN r.blocked_until WHEN ${hits} > ${p('limit')} THEN ${p('now')} + ${p('block')} ELSE 0 END
    RETURNING hits, window_ends, blocked_until`;
}

/** The throttler's answer from the row the upsert returned (times in whole seconds, rounded up). */
export function recordOf(row: { hits: number | string; window_ends: number | string; blocked_until: number | string }, now: number): ThrottlerStorageRecord {
  const blockedUntil = Number(row.blocked_until);
  const isBlocked = blockedUntil > now;
  return {
    totalHits: Number(row.hits),
    timeToExpire: Math.max(0, Math.ceil((Number(row.window_ends) - now) / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.ceil((blockedUntil - now) / 1000) : 0,
  };
}

/** A block of 0 (the throttler's "no block") still refuses until the window ends: the window's length then. */
export const blockMs = (ttl: number, blockDuration: number) => (blockDuration > 0 ? blockDuration : ttl);
