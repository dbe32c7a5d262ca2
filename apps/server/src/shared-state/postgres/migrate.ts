import type { Pool } from 'pg';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies a store's migrations (released ones are never edited: add a new one), recorded per store in
 * `klaster_schema`. Under an advisory lock, in one transaction: instances starting together take turns,
 * and the second finds the work done (a bare CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL).
 */
export async function migratePostgres(pool: Pool, store: string, migrations: readonly PostgresMigration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('klaster schema'))");
    await client.query(`CREATE TABLE IF NOT EXISTS klaster_schema (
      store TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (store, version))`);
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM klaster_schema WHERE store = $1', [store]);
    const current = rows[0].version ?? 0;
    for (const m of migrations.filter((m) => m.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO klaster_schema (store, version, name) VALUES ($1, $2, $3)', [store, m.version, m.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Rewrites a table into new files holding only its live rows (VACUUM FULL), so that what was deleted or
 * overwritten — a destroyed ballot key, an erased person's details — is no longer in the table's files:
 * the old files are truncated at once and unlinked at the next checkpoint. Takes the table's exclusive
 * lock for the rewrite (short for these small tables). Cannot run inside a transaction.
 */
export async function rewriteTable(pool: Pool, table: string): Promise<void> {
  await pool.query(`VACUUM (FULL) ${table}`);
}
