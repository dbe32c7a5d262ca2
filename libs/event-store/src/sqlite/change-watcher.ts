import type { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';

/**
 * Tells live subscriptions that the log changed when the writer was another process (a second server
 * on the same file, the old process of a zero-downtime restart). SQLite's `PRAGMA data_version`, read on
 * this process's reader connection, changes whenever another connection has committed to the file: a
 * check costs a read of the WAL index in shared memory, no page of the database. The timer runs only
 * while someone listens for commits, and never keeps the process alive.
 */
export class ChangeWatcher {
  private timer: NodeJS.Timeout | undefined;
  private lastVersion: bigint | number | undefined;
  private listeners = 0;
  private readonly dataVersion: () => bigint | number;

  constructor(
    reader: Database.Database,
    private readonly commits: EventEmitter,
    private readonly intervalMs: number,
  ) {
    const statement = reader.prepare('PRAGMA data_version').pluck();
    this.dataVersion = () => statement.get() as bigint | number;
  }

  /** A subscription starts listening: the checks run from now until the last one stops. */
  retain(): void {
    if (this.listeners++ > 0) return;
    this.lastVersion = this.dataVersion();
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  release(): void {
    if (this.listeners === 0 || --this.listeners > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.listeners = 0;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    let version: bigint | number;
    try {
      version = this.dataVersion();
    } catch {
      return; // the connection is closing; the subscriptions are being stopped too
    }
    if (version === this.lastVersion) return;
    this.lastVersion = version;
    this.commits.emit('commit');
  }
}
