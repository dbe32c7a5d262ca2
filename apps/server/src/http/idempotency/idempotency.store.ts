import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
  etag?: string;
}

/**
 * Remembers the first answer to each (person, Idempotency-Key), so a client retrying a command gets
 * that answer again and nothing new is written. Local to the server instance (a SQLite file).
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly find: Database.Statement;
  private readonly save: Database.Statement;

  constructor(path: string) {
    this.db = openSqlite(path);
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotent_answers (
      person_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
      status INTEGER NOT NULL, body TEXT NOT NULL, etag TEXT, recorded_at TEXT NOT NULL,
      PRIMARY KEY (person_id, key))`);
    this.find = this.db.prepare('SELECT request_hash, status, body, etag FROM idempotent_answers WHERE person_id = ? AND key = ?');
    this.save = this.db.prepare(
      'INSERT OR IGNORE INTO idempotent_answers (person_id, key, request_hash, status, body, etag, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  static requestHash(method: string, path: string, body: unknown): string {
    return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
  }

  get(personId: string, key: string): StoredAnswer | undefined {
    const row = this.find.get(personId, key) as { request_hash: string; status: number; body: string; etag: string | null } | undefined;
    return row && { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body), etag: row.etag ?? undefined };
  }

  put(personId: string, key: string, answer: StoredAnswer): void {
    this.save.run(personId, key, answer.requestHash, answer.status, JSON.stringify(answer.body), answer.etag ?? null, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
