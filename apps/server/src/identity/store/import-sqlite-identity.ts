import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { PostgresIdentityStore } from './postgres-identity-store';
import type { StoredCredential } from './identity-store';

/**
 * Before the identity store could live in PostgreSQL, a server with DATABASE_URL kept it in
 * `identity.sqlite` beside the log. On the first start with the PostgreSQL store, its passkeys, live
 * sessions and OIDC links are copied over (once: only into an empty store), so nobody is locked out by
 * the upgrade. The file is left as it was. Returns how many passkeys were copied.
 */
export async function importEarlierSqliteIdentity(path: string, into: PostgresIdentityStore, now = new Date()): Promise<number> {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has('credentials')) return 0;
    const credentials = (db.prepare('SELECT * FROM credentials').all() as Record<string, unknown>[]).map(
      (r): StoredCredential => ({
        credentialId: String(r.credential_id),
        personId: String(r.person_id),
        publicKey: new Uint8Array(r.public_key as Buffer),
        counter: Number(r.counter),
        transports: JSON.parse(String(r.transports)) as string[],
        label: String(r.label),
        createdAt: String(r.created_at),
        lastUsedAt: (r.last_used_at as string | null) ?? null,
      }),
    );
    const sessions = db.prepare('SELECT session_id, person_id, refresh_hash, method, created_at, expires_at FROM sessions WHERE revoked_at IS NULL AND expires_at > ?').all(now.toISOString()) as {
      session_id: string;
      person_id: string;
      refresh_hash: string;
      method: string;
      created_at: string;
      expires_at: string;
    }[];
    const links = tables.has('oidc_links') ? (db.prepare('SELECT issuer, subject, person_id, linked_at FROM oidc_links').all() as { issuer: string; subject: string; person_id: string; linked_at: string }[]) : [];
    return await into.importIntoEmpty({
      credentials,
      sessions: sessions.map((s) => ({ sessionId: s.session_id, personId: s.person_id, refreshHash: s.refresh_hash, method: s.method, createdAt: new Date(s.created_at), expiresAt: new Date(s.expires_at) })),
      links: links.map((l) => ({ issuer: l.issuer, subject: l.subject, personId: l.person_id, linkedAt: new Date(l.linked_at) })),
    });
  } finally {
    db.close();
  }
}
