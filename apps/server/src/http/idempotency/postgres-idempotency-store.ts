import type { Pool } from 'pg';
import { migratePostgres } from '../../shared-state/postgres/migrate';
import { IdempotencyStore, claimOf, type IdempotencyClaim, type StoredAnswer } from './idempotency-store';

/** Idempotent answers in PostgreSQL, shared by every instance: a retry may land on any of them. */
export class PostgresIdempotencyStore extends IdempotencyStore {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(pool: Pool): Promise<PostgresIdempotencyStore> {
    await migratePostgres(pool, 'idempotent_answers', [
      {
        version: 1,
        name: 'idempotent_answers: the first answer per person and key, claimed while it runs',
        sql: `CREATE TABLE idempotent_answers (
          person_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
          state TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, etag TEXT,
          recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(), lease_until BIGINT,
          PRIMARY KEY (person_id, key))`,
      },
    ]);
    return new PostgresIdempotencyStore(pool);
  }

  async claim(personId: string, key: string, requestHash: string, leaseMs: number): Promise<IdempotencyClaim> {
    const now = Date.now();
    // The primary key arbitrates: of two instances inserting at once, the second waits for the first's
    // row and finds nothing inserted.
    const inserted = await this.pool.query(
      `INSERT INTO idempotent_answers (person_id, key, request_hash, state, status, body, lease_until)
       VALUES ($1, $2, $3, 'pending', 0, 'null', $4) ON CONFLICT (person_id, key) DO NOTHING`,
      [personId, key, requestHash, now + leaseMs],
    );
    if (inserted.rowCount === 1) return { kind: 'started' };
    const { rows } = await this.pool.query(
      'SELECT request_hash, state, status, body, etag, lease_until FROM idempotent_answers WHERE person_id = $1 AND key = $2',
      [personId, key],
    );
    const found = claimOf(rows[0], requestHash, now);
    if (found === 'insert') return this.claim(personId, key, requestHash, leaseMs); // released in between: try again
    if (found !== 'take_over') return found;
    // A lapsed claim: taken over by exactly one of the requests that found it lapsed.
    const taken = await this.pool.query(
      `UPDATE idempotent_answers SET lease_until = $1
       WHERE person_id = $2 AND key = $3 AND state = 'pending' AND lease_until <= $4`,
      [now + leaseMs, personId, key, now],
    );
    return taken.rowCount === 1 ? { kind: 'started' } : { kind: 'in_progress' };
  }

  async complete(personId: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.pool.query(
      `UPDATE idempotent_answers SET state = 'answered', status = $1, body = $2, etag = $3, recorded_at = now(), lease_until = NULL
       WHERE person_id = $4 AND key = $5 AND state = 'pending'`,
      [answer.status, JSON.stringify(answer.body), answer.etag ?? null, personId, key],
    );
  }

  async release(personId: string, key: string): Promise<void> {
    await this.pool.query("DELETE FROM idempotent_answers WHERE person_id = $1 AND key = $2 AND state = 'pending'", [personId, key]);
  }

  async close(): Promise<void> {
    // The pool belongs to the shared state.
  }
}
