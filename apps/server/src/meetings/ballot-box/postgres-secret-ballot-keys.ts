import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { migratePostgres, rewriteTable } from '../../shared-state/postgres/migrate';
import { KEY_BYTES, SecretBallotKeys } from './secret-ballot-keys';

/**
 * Secret-ballot keys in PostgreSQL, shared by every instance. A destruction overwrites the row's key with
 * NULL and then rewrites the table (VACUUM FULL), so the table's files hold no copy of it. What PostgreSQL
 * keeps elsewhere is the operator's to configure — the WAL (recycled after checkpoints; never archived for
 * this database), replicas and backups: see docs/eventstoredb.md, "Secret-ballot keys in PostgreSQL".
 */
export class PostgresSecretBallotKeys extends SecretBallotKeys {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(pool: Pool): Promise<PostgresSecretBallotKeys> {
    await migratePostgres(pool, 'secret_ballot_keys', [
      {
        version: 1,
        name: 'secret_ballot_keys: one key per vote, NULL once destroyed',
        sql: `CREATE TABLE secret_ballot_keys (
          vote_key TEXT PRIMARY KEY, key BYTEA, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), destroyed_at TIMESTAMPTZ)`,
      },
    ]);
    return new PostgresSecretBallotKeys(pool);
  }

  async keyFor(voteKey: string): Promise<Buffer | undefined> {
    // The primary key arbitrates between instances: a concurrent first ballot or destruction waits for
    // the other's transaction, then sees its row.
    await this.pool.query('INSERT INTO secret_ballot_keys (vote_key, key) VALUES ($1, $2) ON CONFLICT (vote_key) DO NOTHING', [voteKey, randomBytes(KEY_BYTES)]);
    return this.existing(voteKey);
  }

  async existing(voteKey: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ key: Buffer | null }>('SELECT key FROM secret_ballot_keys WHERE vote_key = $1', [voteKey]);
    return rows[0]?.key ?? undefined;
  }

  async destroy(voteKey: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO secret_ballot_keys (vote_key, key, destroyed_at) VALUES ($1, NULL, now())
       ON CONFLICT (vote_key) DO UPDATE SET key = NULL, destroyed_at = COALESCE(secret_ballot_keys.destroyed_at, now())`,
      [voteKey],
    );
    await rewriteTable(this.pool, 'secret_ballot_keys');
  }

  async close(): Promise<void> {
    // The pool belongs to the shared state, closed once by its module.
  }
}
