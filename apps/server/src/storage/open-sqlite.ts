import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Read and write for the server's own user only: these files hold secrets and personal data. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The server's small local SQLite files (idempotent answers, people, secret-ballot keys), in WAL
 * mode, readable by the server's user alone (0600). The file is made with that mode before SQLite
 * opens it, and SQLite gives its -wal and -shm files the database file's mode.
 */
export function openSqlite(path: string, options: { synchronous?: 'NORMAL' | 'FULL' } = {}): Database.Database {
  // A database in memory (a dry run's scratch): no file to make or close up.
  if (path === ':memory:') return new Database(path);
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE); // a file made by an older version (or another umask) is closed up too
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  if (options.synchronous) db.pragma(`synchronous = ${options.synchronous}`);
  return db;
}
