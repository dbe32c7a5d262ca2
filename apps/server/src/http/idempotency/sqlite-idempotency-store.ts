import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';
import { IdempotencyStore, claimOf, type IdempotencyClaim, type StoredAnswer } from './idempotency-store';

type Row = Parameters<typeof claimOf>[0];

/** Idempotent answers in `server.sqlite` (0600), beside the log: shared by the processes on that log. */
export class SqliteIdempotencyStore extends IdempotencyStore {
  private readonly db: Database.Database;
  private readonly claimTx: (personId: string, key: string, requestHash: string, leaseMs: number) => IdempotencyClaim;
  private readonly save: Database.Statement;
  private readonly drop: Database.Statement;

  static inFolder(dir: string): SqliteIdempotencyStore {
    return new SqliteIdempotencyStore(join(dir, 'server.sqlite'));
  }

  constructor(path: string) {
    super();
    this.db = openSqlite(path);
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS idempotent_answers (
        person_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
        status INTEGER NOT NULL, body TEXT NOT NULL, etag TEXT, recorded_at TEXT NOT NULL,
        PRIMARY KEY (person_id, key))`);
      // Answers stored by an earlier version (every row an answer) gain the claim's columns.
      const columns = (this.db.prepare('PRAGMA table_info(idempotent_answers)').all() as { name: string }[]).map((c) => c.name);
      if (!columns.includes('state')) this.db.exec("ALTER TABLE idempotent_answers ADD COLUMN state TEXT NOT NULL DEFAULT 'answered'");
      if (!columns.includes('lease_until')) this.db.exec('ALTER TABLE idempotent_answers ADD COLUMN lease_until INTEGER');
    }).immediate();
    const find = this.db.prepare('SELECT request_hash, state, status, body, etag, lease_until FROM idempotent_answers WHERE person_id = ? AND key = ?');
    const insert = this.db.prepare(
      `INSERT INTO idempotent_answers (person_id, key, request_hash, status, body, recorded_at, state, lease_until)
       VALUES (?, ?, ?, 0, 'null', ?, 'pending', ?)`,
    );
    const takeOver = this.db.prepare("UPDATE idempotent_answers SET lease_until = ? WHERE person_id = ? AND key = ? AND state = 'pending'");
    // One write transaction: of two processes claiming a key at once, the second sees the first's row.
    const claim = this.db.transaction((personId: string, key: string, requestHash: string, leaseMs: number): IdempotencyClaim => {
      const now = Date.now();
      const found = claimOf(find.get(personId, key) as Row, requestHash, now);
      if (found === 'insert') insert.run(personId, key, requestHash, new Date(now).toISOString(), now + leaseMs);
      else if (found === 'take_over') takeOver.run(now + leaseMs, personId, key);
      else return found;
      return { kind: 'started' };
    });
    this.claimTx = (...args) => claim.immediate(...args);
    this.save = this.db.prepare(
      `UPDATE idempotent_answers SET state = 'answered', status = ?, body = ?, etag = ?, recorded_at = ?, lease_until = NULL
       WHERE person_id = ? AND key = ? AND state = 'pending'`,
    );
    this.drop = this.db.prepare("DELETE FROM idempotent_answers WHERE person_id = ? AND key = ? AND state = 'pending'");
  }

  async claim(personId: string, key: string, requestHash: string, leaseMs: number): Promise<IdempotencyClaim> {
    return this.claimTx(personId, key, requestHash, leaseMs);
  }

  async complete(personId: string, key: string, answer: StoredAnswer): Promise<void> {
    this.save.run(answer.status, JSON.stringify(answer.body), answer.etag ?? null, new Date().toISOString(), personId, key);
  }

  async release(personId: string, key: string): Promise<void> {
    this.drop.run(personId, key);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
