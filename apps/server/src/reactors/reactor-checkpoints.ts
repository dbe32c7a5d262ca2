import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';

/**
 * Where each reactor has got to in the log, one row per reactor. A checkpoint lost in a crash costs
 * only a re-read (reactions are idempotent), so commits are not fsynced one by one.
 */
export class ReactorCheckpoints {
  private readonly db: Database.Database;
  private readonly find: Database.Statement;
  private readonly save: Database.Statement;

  constructor(path: string) {
    this.db = openSqlite(path, { synchronous: 'NORMAL' });
    this.db.exec('CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
    this.find = this.db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?');
    this.save = this.db.prepare('INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
  }

  get(name: string): bigint | undefined {
    const row = this.find.get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  set(name: string, position: bigint): void {
    this.save.run(name, position.toString());
  }

  close(): void {
    this.db.close();
  }
}
