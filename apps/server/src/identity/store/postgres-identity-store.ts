import type { Pool } from 'pg';
import { migratePostgres } from '../../shared-state/postgres/migrate';
import { IdentityStore, type Ceremony, type NewSession, type RevokedSession, type StoredCredential, type StoredSession } from './identity-store';

interface CredentialRow {
  credential_id: string;
  person_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  label: string;
  created_at: Date;
  last_used_at: Date | null;
}

interface SessionRow {
  session_id: string;
  person_id: string;
  refresh_hash: string;
  previous_refresh_hash: string | null;
  method: string;
  created_at: Date;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * The identity store in PostgreSQL (DATABASE_URL), shared by every instance wherever it runs. Every
 * write is one statement: the row lock or the key arbitrates between instances (a ceremony is deleted
 * by the one statement that returns it; a rotation is a compare-and-set on the refresh hash; an OIDC
 * link inserts or finds the earlier one).
 */
export class PostgresIdentityStore extends IdentityStore {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(pool: Pool): Promise<PostgresIdentityStore> {
    await migratePostgres(pool, 'identity', [
      {
        version: 1,
        name: 'identity: passkeys, sessions, sign-in ceremonies, OIDC links',
        sql: `
          CREATE TABLE identity_credentials (
            credential_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, public_key BYTEA NOT NULL, counter BIGINT NOT NULL,
            transports TEXT[] NOT NULL, label TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, last_used_at TIMESTAMPTZ);
          CREATE INDEX identity_credentials_by_person ON identity_credentials (person_id);
          CREATE TABLE identity_sessions (
            session_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, refresh_hash TEXT NOT NULL UNIQUE, previous_refresh_hash TEXT,
            method TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, rotated_at TIMESTAMPTZ, revoked_at TIMESTAMPTZ);
          CREATE INDEX identity_sessions_by_person ON identity_sessions (person_id) WHERE revoked_at IS NULL;
          CREATE INDEX identity_sessions_by_previous ON identity_sessions (previous_refresh_hash);
          CREATE INDEX identity_sessions_by_revocation ON identity_sessions (revoked_at) WHERE revoked_at IS NOT NULL;
          CREATE TABLE identity_ceremonies (
            ceremony_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, payload JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
          CREATE INDEX identity_ceremonies_by_expiry ON identity_ceremonies (expires_at);
          CREATE TABLE identity_oidc_links (
            issuer TEXT NOT NULL, subject TEXT NOT NULL, person_id TEXT NOT NULL, linked_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (issuer, subject));`,
      },
    ]);
    return new PostgresIdentityStore(pool);
  }

  async addCredential(c: StoredCredential): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO identity_credentials (credential_id, person_id, public_key, counter, transports, label, created_at, last_used_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [c.credentialId, c.personId, Buffer.from(c.publicKey), c.counter, c.transports, c.label, c.createdAt, c.lastUsedAt],
    );
    return rowCount === 1;
  }

  async credential(credentialId: string): Promise<StoredCredential | undefined> {
    const { rows } = await this.pool.query<CredentialRow>('SELECT * FROM identity_credentials WHERE credential_id = $1', [credentialId]);
    return rows[0] && toCredential(rows[0]);
  }

  async credentialsOf(personId: string): Promise<StoredCredential[]> {
    const { rows } = await this.pool.query<CredentialRow>('SELECT * FROM identity_credentials WHERE person_id = $1 ORDER BY created_at, credential_id', [personId]);
    return rows.map(toCredential);
  }

  async credentialUsed(credentialId: string, counter: number, at: Date): Promise<void> {
    await this.pool.query('UPDATE identity_credentials SET counter = $1, last_used_at = $2 WHERE credential_id = $3', [counter, at, credentialId]);
  }

  async removeCredential(personId: string, credentialId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM identity_credentials WHERE credential_id = $1 AND person_id = $2', [credentialId, personId]);
    return (rowCount ?? 0) > 0;
  }

  async createSession(s: NewSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO identity_sessions (session_id, person_id, refresh_hash, method, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.sessionId, s.personId, s.refreshHash, s.method, s.createdAt, s.expiresAt],
    );
  }

  async sessionByRefreshHash(refreshHash: string): Promise<StoredSession | undefined> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM identity_sessions WHERE refresh_hash = $1 OR previous_refresh_hash = $1 LIMIT 1', [refreshHash]);
    return rows[0] && toSession(rows[0]);
  }

  async session(sessionId: string): Promise<StoredSession | undefined> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM identity_sessions WHERE session_id = $1', [sessionId]);
    return rows[0] && toSession(rows[0]);
  }

  async rotateSession(sessionId: string, expectedRefreshHash: string, nextRefreshHash: string, expiresAt: Date, at: Date): Promise<boolean> {
    // The row lock orders two rotations; the second re-checks refresh_hash after the first and matches nothing.
    const { rowCount } = await this.pool.query(
      `UPDATE identity_sessions SET previous_refresh_hash = refresh_hash, refresh_hash = $1, expires_at = $2, rotated_at = $3
       WHERE session_id = $4 AND refresh_hash = $5 AND revoked_at IS NULL`,
      [nextRefreshHash, expiresAt, at, sessionId, expectedRefreshHash],
    );
    return rowCount === 1;
  }

  async revokeSession(sessionId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE identity_sessions SET revoked_at = $1 WHERE session_id = $2 AND revoked_at IS NULL', [at, sessionId]);
  }

  async revokeSessionsOf(personId: string, at: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ session_id: string }>(
      'UPDATE identity_sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL RETURNING session_id',
      [at, personId],
    );
    return rows.map((r) => r.session_id);
  }

  async sessionsRevokedSince(since: Date): Promise<RevokedSession[]> {
    const { rows } = await this.pool.query<{ session_id: string; person_id: string; revoked_at: Date }>(
      'SELECT session_id, person_id, revoked_at FROM identity_sessions WHERE revoked_at >= $1 ORDER BY revoked_at',
      [since],
    );
    return rows.map((r) => ({ sessionId: r.session_id, personId: r.person_id, revokedAt: r.revoked_at.toISOString() }));
  }

  async putCeremony(c: Ceremony): Promise<void> {
    // Old ceremonies nobody finished are forgotten as new ones begin.
    await this.pool.query('DELETE FROM identity_ceremonies WHERE expires_at < now()');
    await this.pool.query('INSERT INTO identity_ceremonies (ceremony_id, purpose, payload, expires_at) VALUES ($1, $2, $3, $4)', [
      c.ceremonyId,
      c.purpose,
      JSON.stringify(c.payload),
      c.expiresAt,
    ]);
  }

  async takeCeremony(ceremonyId: string, purpose: Ceremony['purpose'], now: Date): Promise<Ceremony | undefined> {
    // Of two instances taking one ceremony at once, the second's DELETE waits for the first's and returns nothing.
    const { rows } = await this.pool.query<{ ceremony_id: string; purpose: Ceremony['purpose']; payload: Record<string, unknown>; expires_at: Date }>(
      'DELETE FROM identity_ceremonies WHERE ceremony_id = $1 AND purpose = $2 RETURNING *',
      [ceremonyId, purpose],
    );
    const row = rows[0];
    if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
    return { ceremonyId: row.ceremony_id, purpose: row.purpose, payload: row.payload, expiresAt: row.expires_at };
  }

  async personOfSubject(issuer: string, subject: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ person_id: string }>('SELECT person_id FROM identity_oidc_links WHERE issuer = $1 AND subject = $2', [issuer, subject]);
    return rows[0]?.person_id;
  }

  async linkSubject(issuer: string, subject: string, personId: string, at: Date): Promise<string> {
    // Inserts, or (the DO UPDATE that changes nothing) returns the earlier link's person in the same statement.
    const { rows } = await this.pool.query<{ person_id: string }>(
      `INSERT INTO identity_oidc_links (issuer, subject, person_id, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (issuer, subject) DO UPDATE SET person_id = identity_oidc_links.person_id RETURNING person_id`,
      [issuer, subject, personId, at],
    );
    return rows[0].person_id;
  }

  /**
   * Copies an earlier store's contents in, only when this store holds no passkey and no session yet
   * (instances starting together take turns under an advisory lock; the second finds it done).
   * Returns how many passkeys were copied.
   */
  async importIntoEmpty(earlier: { credentials: StoredCredential[]; sessions: NewSession[]; links: { issuer: string; subject: string; personId: string; linkedAt: Date }[] }): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('klaster identity import'))");
      const { rows } = await client.query<{ used: boolean }>('SELECT EXISTS (SELECT 1 FROM identity_credentials) OR EXISTS (SELECT 1 FROM identity_sessions) AS used');
      if (rows[0].used) {
        await client.query('ROLLBACK');
        return 0;
      }
      for (const c of earlier.credentials) {
        await client.query(
          `INSERT INTO identity_credentials (credential_id, person_id, public_key, counter, transports, label, created_at, last_used_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [c.credentialId, c.personId, Buffer.from(c.publicKey), c.counter, c.transports, c.label, c.createdAt, c.lastUsedAt],
        );
      }
      for (const s of earlier.sessions) {
        await client.query(
          'INSERT INTO identity_sessions (session_id, person_id, refresh_hash, method, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          [s.sessionId, s.personId, s.refreshHash, s.method, s.createdAt, s.expiresAt],
        );
      }
      for (const l of earlier.links) {
        await client.query('INSERT INTO identity_oidc_links (issuer, subject, person_id, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [l.issuer, l.subject, l.personId, l.linkedAt]);
      }
      await client.query('COMMIT');
      return earlier.credentials.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    // The pool belongs to the shared state.
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toCredential = (r: CredentialRow): StoredCredential => ({
  credentialId: r.credential_id,
  personId: r.person_id,
  publicKey: new Uint8Array(r.public_key),
  counter: Number(r.counter),
  transports: r.transports,
  label: r.label,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: iso(r.last_used_at),
});

const toSession = (r: SessionRow): StoredSession => ({
  sessionId: r.session_id,
  personId: r.person_id,
  refreshHash: r.refresh_hash,
  previousRefreshHash: r.previous_refresh_hash,
  method: r.method,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  rotatedAt: iso(r.rotated_at),
  revokedAt: iso(r.revoked_at),
});
