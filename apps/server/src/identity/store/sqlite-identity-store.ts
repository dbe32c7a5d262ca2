import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../storage/open-sqlite';
import { IdentityStore, type Ceremony, type NewSession, type RevokedSession, type StoredCredential, type StoredSession } from './identity-store';

interface CredentialRow {
  credential_id: string;
  person_id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

interface SessionRow {
  session_id: string;
  person_id: string;
  refresh_hash: string;
  previous_refresh_hash: string | null;
  method: string;
  created_at: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

/**
 * The identity store in `identity.sqlite` (0600) beside the embedded log: shared by the processes on
 * that log. Every write is one statement or one transaction, so SQLite serialises the processes.
 */
export class SqliteIdentityStore extends IdentityStore {
  private readonly db: Database.Database;

  static inFolder(dir: string): SqliteIdentityStore {
    return new SqliteIdentityStore(join(dir, 'identity.sqlite'));
  }

  constructor(path: string) {
    super();
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.pragma('secure_delete = ON');
    // In one write transaction: processes starting together on one file take turns.
    this.db.transaction(() => this.db.exec(`
      CREATE TABLE IF NOT EXISTS credentials (
        credential_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, public_key BLOB NOT NULL, counter INTEGER NOT NULL,
        transports TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT);
      CREATE INDEX IF NOT EXISTS credentials_by_person ON credentials (person_id);
      CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, refresh_hash TEXT NOT NULL UNIQUE, previous_refresh_hash TEXT,
        method TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, rotated_at TEXT, revoked_at TEXT);
      CREATE INDEX IF NOT EXISTS sessions_by_person ON sessions (person_id);
      CREATE INDEX IF NOT EXISTS sessions_by_previous ON sessions (previous_refresh_hash);
      CREATE INDEX IF NOT EXISTS sessions_by_revocation ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS ceremonies (ceremony_id TEXT PRIMARY KEY, purpose TEXT NOT NULL, payload TEXT NOT NULL, expires_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS oidc_links (issuer TEXT NOT NULL, subject TEXT NOT NULL, person_id TEXT NOT NULL, linked_at TEXT NOT NULL, PRIMARY KEY (issuer, subject));
    `)).immediate();
  }

  async addCredential(c: StoredCredential): Promise<boolean> {
    const { changes } = this.db
      .prepare('INSERT INTO credentials (credential_id, person_id, public_key, counter, transports, label, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(c.credentialId, c.personId, Buffer.from(c.publicKey), c.counter, JSON.stringify(c.transports), c.label, c.createdAt, c.lastUsedAt);
    return changes > 0;
  }

  async credential(credentialId: string): Promise<StoredCredential | undefined> {
    const row = this.db.prepare('SELECT * FROM credentials WHERE credential_id = ?').get(credentialId) as CredentialRow | undefined;
    return row && toCredential(row);
  }

  async credentialsOf(personId: string): Promise<StoredCredential[]> {
    return (this.db.prepare('SELECT * FROM credentials WHERE person_id = ? ORDER BY created_at').all(personId) as CredentialRow[]).map(toCredential);
  }

  async credentialUsed(credentialId: string, counter: number, at: Date): Promise<void> {
    this.db.prepare('UPDATE credentials SET counter = ?, last_used_at = ? WHERE credential_id = ?').run(counter, at.toISOString(), credentialId);
  }

  async removeCredential(personId: string, credentialId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM credentials WHERE credential_id = ? AND person_id = ?').run(credentialId, personId).changes > 0;
  }

  async createSession(s: NewSession): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (session_id, person_id, refresh_hash, method, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.sessionId, s.personId, s.refreshHash, s.method, s.createdAt.toISOString(), s.expiresAt.toISOString());
  }

  async sessionByRefreshHash(refreshHash: string): Promise<StoredSession | undefined> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE refresh_hash = ? OR previous_refresh_hash = ?').get(refreshHash, refreshHash) as SessionRow | undefined;
    return row && toSession(row);
  }

  async session(sessionId: string): Promise<StoredSession | undefined> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE session_id = ?').get(sessionId) as SessionRow | undefined;
    return row && toSession(row);
  }

  async rotateSession(sessionId: string, expectedRefreshHash: string, nextRefreshHash: string, expiresAt: Date, at: Date): Promise<boolean> {
    // Compare-and-set: of two refreshes with the same token, one rotates; the other sees it rotated.
    return (
      this.db
        .prepare(
          `UPDATE sessions SET previous_refresh_hash = refresh_hash, refresh_hash = ?, expires_at = ?, rotated_at = ?
           WHERE session_id = ? AND refresh_hash = ? AND revoked_at IS NULL`,
        )
        .run(nextRefreshHash, expiresAt.toISOString(), at.toISOString(), sessionId, expectedRefreshHash).changes > 0
    );
  }

  async revokeSession(sessionId: string, at: Date): Promise<void> {
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL').run(at.toISOString(), sessionId);
  }

  async revokeSessionsOf(personId: string, at: Date): Promise<string[]> {
    const rows = this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL RETURNING session_id').all(at.toISOString(), personId) as { session_id: string }[];
    return rows.map((r) => r.session_id);
  }

  async sessionsRevokedSince(since: Date): Promise<RevokedSession[]> {
    const rows = this.db.prepare('SELECT session_id, person_id, revoked_at FROM sessions WHERE revoked_at >= ? ORDER BY revoked_at').all(since.toISOString()) as { session_id: string; person_id: string; revoked_at: string }[];
    return rows.map((r) => ({ sessionId: r.session_id, personId: r.person_id, revokedAt: r.revoked_at }));
  }

  async putCeremony(c: Ceremony): Promise<void> {
    // Old ceremonies nobody finished are forgotten as new ones begin.
    this.db.prepare('DELETE FROM ceremonies WHERE expires_at < ?').run(new Date().toISOString());
    this.db.prepare('INSERT INTO ceremonies (ceremony_id, purpose, payload, expires_at) VALUES (?, ?, ?, ?)').run(c.ceremonyId, c.purpose, JSON.stringify(c.payload), c.expiresAt.toISOString());
  }

  async takeCeremony(ceremonyId: string, purpose: Ceremony['purpose'], now: Date): Promise<Ceremony | undefined> {
    const row = this.db.prepare('DELETE FROM ceremonies WHERE ceremony_id = ? AND purpose = ? RETURNING *').get(ceremonyId, purpose) as
      | { ceremony_id: string; purpose: Ceremony['purpose']; payload: string; expires_at: string }
      | undefined;
    if (!row || Date.parse(row.expires_at) <= now.getTime()) return undefined;
    return { ceremonyId: row.ceremony_id, purpose: row.purpose, payload: JSON.parse(row.payload) as Record<string, unknown>, expiresAt: new Date(row.expires_at) };
  }

  async personOfSubject(issuer: string, subject: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT person_id FROM oidc_links WHERE issuer = ? AND subject = ?').get(issuer, subject) as { person_id: string } | undefined)?.person_id;
  }

  async linkSubject(issuer: string, subject: string, personId: string, at: Date): Promise<string> {
    this.db.prepare('INSERT INTO oidc_links (issuer, subject, person_id, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(issuer, subject, personId, at.toISOString());
    return (await this.personOfSubject(issuer, subject))!;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

const toCredential = (r: CredentialRow): StoredCredential => ({
  credentialId: r.credential_id,
  personId: r.person_id,
  publicKey: new Uint8Array(r.public_key),
  counter: r.counter,
  transports: JSON.parse(r.transports) as string[],
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

const toSession = (r: SessionRow): StoredSession => ({
  sessionId: r.session_id,
  personId: r.person_id,
  refreshHash: r.refresh_hash,
  previousRefreshHash: r.previous_refresh_hash,
  method: r.method,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  rotatedAt: r.rotated_at,
  revokedAt: r.revoked_at,
});
