import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Who holds a read-model file, as it wrote beside it (`<file>.owner`) when it took the lock. */
export interface LockOwner {
  pid: number;
  /** What the process is, in words (e.g. "a Klaster server", "a read-model rebuild"). */
  role: string;
  since: string;
}

/** Another process has the read-model file open (a running server, a rebuild, the demo loader). */
export class ReadModelsInUse extends Error {
  constructor(
    readonly path: string,
    readonly owner?: LockOwner,
  ) {
    const who = owner ? `${owner.role} (pid ${owner.pid}, since ${owner.since})` : 'another process';
    super(`The read models at ${path} are in use by ${who}: only one process at a time may run a projection runner on them`);
    this.name = 'ReadModelsInUse';
  }
}

const ownerFile = (path: string) => `${path}.owner`;

/**
 * Documents are large (a meeting holds every ballot): big pages keep their overflow chains short. It
 * takes effect only for a new file, before anything (a lock included) has been written to it, so
 * whoever opens the file first sets it.
 */
export const READ_MODELS_PAGE_SIZE = 16_384;

/**
 * Takes the file for this connection alone for as long as it stays open (SQLite EXCLUSIVE locking
 * mode: the first write transaction's lock is kept until the connection closes), failing at once
 * with ReadModelsInUse when another connection has it open — any other open connection, even an
 * idle one in WAL mode, holds a shared lock. The operating system drops the lock when the process
 * ends, however it ends. On success, records who holds it beside the file so a refused process can
 * name the holder.
 */
export function lockExclusively(db: Database.Database, path: string, role: string): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new ReadModelsInUse(path, currentOwner(path));
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, role, since: new Date().toISOString() };
  writeFileSync(ownerFile(path), `${JSON.stringify(owner)}\n`);
}

/** Removes the owner note if it is this process's (called on close). */
export function releaseOwnerNote(path: string): void {
  if (currentOwner(path)?.pid === process.pid) rmSync(ownerFile(path), { force: true });
}

/** The holder's note, if it is there and names a process still alive (a stale note names nobody). */
function currentOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(path), 'utf8')) as LockOwner;
    process.kill(owner.pid, 0);
    return owner;
  } catch {
    return undefined;
  }
}

/**
 * A hold on a read-model file with nothing else done to it (no migration, no read): what a rebuild
 * keeps on the live file while it builds the next one aside.
 */
export class ReadModelsLock {
  private readonly db: Database.Database;
  private released = false;

  constructor(
    readonly path: string,
    role: string,
  ) {
    this.db = new Database(path);
    this.db.pragma(`page_size = ${READ_MODELS_PAGE_SIZE}`);
    lockExclusively(this.db, path, role);
  }

  /**
   * Folds the file's WAL into it and leaves rollback-journal mode, so that once another file is
   * renamed over it no write-ahead log of this one lies beside the new file.
   */
  retireWal(): void {
    this.db.pragma('journal_mode = DELETE');
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.db.close();
    releaseOwnerNote(this.path);
  }
}
