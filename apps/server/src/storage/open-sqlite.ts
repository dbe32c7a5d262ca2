import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The server's small local SQLite files (idempotency answers, people, secret-ballot keys), in WAL mode. */
export function openSqlite(path: string, options: { synchronous?: 'NORMAL' | 'FULL' } = {}): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  if (options.synchronous) db.pragma(`synchronous = ${options.synchronous}`);
  return db;
}
