import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';
import type { KnownDamage } from './damage-registry';

const encode = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
const decode = <T>(json: string): T =>
  JSON.parse(json, (_k, v) => (v && typeof v === 'object' && typeof v.$bigint === 'string' ? BigInt(v.$bigint) : v)) as T;

/**
 * What verification has established, kept outside the log (`$DATA_DIR/integrity.sqlite`, one per
 * server instance): the position up to which every event has been checked, and the damaged records
 * found, so /health names them from the first moment after a restart.
 */
export class VerificationState {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS verification (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS damage (stream_id TEXT PRIMARY KEY, json TEXT NOT NULL);`);
  }

  /** Every event at or before this position has been checked (undefined: nothing yet). */
  verifiedThrough(): bigint | undefined {
    const row = this.db.prepare("SELECT value FROM verification WHERE name = 'verified_through'").get() as { value: string } | undefined;
    return row ? BigInt(row.value) : undefined;
  }

  /** Moves the mark forward (never back). */
  markVerifiedThrough(position: bigint): void {
    const current = this.verifiedThrough();
    if (current !== undefined && current >= position) return;
    this.db.prepare("INSERT OR REPLACE INTO verification (name, value) VALUES ('verified_through', ?)").run(position.toString());
  }

  /**
   * Every event at or before this position has been read and checked by a background walk (undefined:
   * no walk has yet): a restart's walk goes on from here, instead of re-reading the whole log.
   */
  walkedThrough(): bigint | undefined {
    const row = this.db.prepare("SELECT value FROM verification WHERE name = 'walked_through'").get() as { value: string } | undefined;
    return row ? BigInt(row.value) : undefined;
  }

  /** Moves the walk's mark forward (never back). */
  markWalkedThrough(position: bigint): void {
    const current = this.walkedThrough();
    if (current !== undefined && current >= position) return;
    this.db.prepare("INSERT OR REPLACE INTO verification (name, value) VALUES ('walked_through', ?)").run(position.toString());
  }

  /** The log is not the one the mark was for (shorter: restored from a backup): no walk has read it. */
  forgetWalkedThrough(): void {
    this.db.prepare("DELETE FROM verification WHERE name = 'walked_through'").run();
  }

  damages(): KnownDamage[] {
    return (this.db.prepare('SELECT json FROM damage').all() as { json: string }[]).map((r) => decode<KnownDamage>(r.json));
  }

  saveDamage(damage: KnownDamage): void {
    this.db.prepare('INSERT OR IGNORE INTO damage (stream_id, json) VALUES (?, ?)').run(damage.streamId, encode(damage));
  }

  forgetDamage(streamId: string): void {
    this.db.prepare('DELETE FROM damage WHERE stream_id = ?').run(streamId);
  }

  close(): void {
    this.db.close();
  }
}
