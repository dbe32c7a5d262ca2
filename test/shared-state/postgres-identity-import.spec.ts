import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { SqliteIdentityStore } from '../../apps/server/src/identity/store/sqlite-identity-store';
import { PostgresIdentityStore } from '../../apps/server/src/identity/store/postgres-identity-store';
import { importEarlierSqliteIdentity } from '../../apps/server/src/identity/store/import-sqlite-identity';
import { createTestDatabase, describeWithPostgres } from '../support/postgres/test-database';

/** Upgrading a DATABASE_URL deployment: sign-in's store moves from identity.sqlite into PostgreSQL without locking anyone out. */
describeWithPostgres('the identity store moving from identity.sqlite into PostgreSQL', (serverUrl) => {
  let dir: string;
  const pools: Pool[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-identity-import-'));
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const database = async () => {
    const db = await createTestDatabase(serverUrl, 'identity_import');
    cleanups.push(() => db.drop());
    return db.url;
  };
  const instance = async (url: string) => {
    const pool = new Pool({ connectionString: url, max: 2 });
    pools.push(pool);
    return PostgresIdentityStore.open(pool);
  };

  const now = new Date();
  const phone = { credentialId: 'cred-1', personId: 'anna', publicKey: new Uint8Array([1, 2, 3, 250]), counter: 7, transports: ['internal'], label: 'Telefon', createdAt: '2026-03-01T10:00:00.000Z', lastUsedAt: '2026-03-02T10:00:00.000Z' };
  const session = (sessionId: string, expiresAt: Date) => ({ sessionId, personId: 'anna', refreshHash: `hash-${sessionId}`, method: 'passkey', createdAt: new Date(now.getTime() - 1_000), expiresAt });
  async function earlierFile(): Promise<string> {
    const earlier = SqliteIdentityStore.inFolder(dir);
    await earlier.addCredential(phone);
    await earlier.createSession(session('live', new Date(now.getTime() + 86_400_000)));
    await earlier.createSession(session('ended', new Date(now.getTime() + 86_400_000)));
    await earlier.revokeSession('ended', now);
    await earlier.createSession(session('expired', new Date(now.getTime() - 1)));
    await earlier.linkSubject('https://idp.example.org', 'sub-1', 'anna', now);
    await earlier.close();
    return join(dir, 'identity.sqlite');
  }

  it('copies the passkeys, the live sessions and the OIDC links once, into an empty store; a second instance copies nothing', async () => {
    const path = await earlierFile();
    const url = await database();
    const [a, b] = [await instance(url), await instance(url)];
    const copied = await Promise.all([importEarlierSqliteIdentity(path, a, now), importEarlierSqliteIdentity(path, b, now)]);
    expect(copied.sort()).toEqual([0, 1]);
    expect(await b.credentialsOf('anna')).toEqual([phone]);
    expect(await a.session('live')).toMatchObject({ personId: 'anna', refreshHash: 'hash-live', revokedAt: null });
    expect(await a.session('ended')).toBeUndefined();
    expect(await a.session('expired')).toBeUndefined();
    expect(await b.personOfSubject('https://idp.example.org', 'sub-1')).toBe('anna');
  });

  it('copies nothing into a store already in use, or from a file that is not there', async () => {
    const path = await earlierFile();
    const url = await database();
    const store = await instance(url);
    await store.createSession(session('new', new Date(now.getTime() + 86_400_000)));
    expect(await importEarlierSqliteIdentity(path, store, now)).toBe(0);
    expect(await store.credentialsOf('anna')).toEqual([]);
    expect(await importEarlierSqliteIdentity(join(dir, 'none.sqlite'), await instance(await database()), now)).toBe(0);
  });
});
