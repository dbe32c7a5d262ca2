import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';
import { KEY_BYTES, SecretBallotKeys } from './secret-ballot-keys';

/**
 * Secret-ballot keys in `ballot-box.sqlite` (0600). Deleted and overwritten content is zeroed in the file
 * (`secure_delete`), and a truncating checkpoint after each destruction copies the zeroed pages into the
 * database and empties the WAL, which still held the earlier page images.
 */
export class SqliteSecretBallotKeys extends SecretBallotKeys {
  private readonly db: Database.Database;
  private readonly keyForTx: (voteKey: string, fresh: Buffer) => Buffer | undefined;
  private readonly select: Database.Statement;
  private readonly destroyRow: Database.Statement;

  static inFolder(dir: string): SqliteSecretBallotKeys {
    return new SqliteSecretBallotKeys(join(dir, 'ballot-box.sqlite'));
  }

  constructor(path: string) {
    super();
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.pragma('secure_delete = ON');
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS secret_ballot_keys (
        vote_key TEXT PRIMARY KEY, key BLOB, created_at TEXT NOT NULL, destroyed_at TEXT)`);
      // Keys kept by an earlier version (a table without room for "destroyed") move over once.
      const old = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secret_vote_keys'").get();
      if (old) {
        this.db.exec(`INSERT OR IGNORE INTO secret_ballot_keys (vote_key, key, created_at) SELECT vote_key, key, created_at FROM secret_vote_keys;
          DROP TABLE secret_vote_keys;`);
      }
    }).immediate();
    this.select = this.db.prepare('SELECT key, destroyed_at FROM secret_ballot_keys WHERE vote_key = ?');
    const insert = this.db.prepare('INSERT OR IGNORE INTO secret_ballot_keys (vote_key, key, created_at) VALUES (?, ?, ?)');
    // One write transaction: another process's destruction is either before it (nothing is made) or after.
    const keyFor = this.db.transaction((voteKey: string, fresh: Buffer) => {
      insert.run(voteKey, fresh, new Date().toISOString());
      return (this.select.get(voteKey) as { key: Buffer | null }).key ?? undefined;
    });
    this.keyForTx = (voteKey, fresh) => keyFor.immediate(voteKey, fresh);
    this.destroyRow = this.db.prepare(
      `INSERT INTO secret_ballot_keys (vote_key, key, created_at, destroyed_at) VALUES (@voteKey, NULL, @at, @at)
       ON CONFLICT (vote_key) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, excluded.destroyed_at)`,
    );
  }

  async keyFor(voteKey: string): Promise<Buffer | undefined> {
    return this.keyForTx(voteKey, randomBytes(KEY_BYTES));
  }

  async existing(voteKey: string): Promise<Buffer | undefined> {
    return (this.select.get(voteKey) as { key: Buffer | null } | undefined)?.key ?? undefined;
  }

  async destroy(voteKey: string): Promise<void> {
    this.destroyRow.run({ voteKey, at: new Date().toISOString() });
    // Waits (busy timeout) for another process's readers to finish with the old pages.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
