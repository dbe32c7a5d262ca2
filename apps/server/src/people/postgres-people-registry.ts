import type { Pool } from 'pg';
import { migratePostgres, rewriteTable } from '../shared-state/postgres/migrate';
import { PeopleRegistry, storedPerson, type PersonDetails, type StoredPerson } from './people-registry';

/**
 * The people registry in PostgreSQL, shared by every instance. An erasure overwrites the details with
 * NULL and rewrites the table (VACUUM FULL), so its files hold no earlier version of them; the WAL,
 * replicas and backups are the operator's to configure (docs/eventstoredb.md).
 */
export class PostgresPeopleRegistry extends PeopleRegistry {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(pool: Pool): Promise<PostgresPeopleRegistry> {
    await migratePostgres(pool, 'people', [
      {
        version: 1,
        name: 'people: details by person id, NULL once erased',
        sql: `CREATE TABLE people (
          person_id TEXT PRIMARY KEY, display_name TEXT, email TEXT, phone TEXT,
          updated_at TIMESTAMPTZ NOT NULL, erased_at TIMESTAMPTZ)`,
      },
    ]);
    return new PostgresPeopleRegistry(pool);
  }

  async upsert(person: PersonDetails, at = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO people (person_id, display_name, email, phone, updated_at, erased_at) VALUES ($1, $2, $3, $4, $5, NULL)
       ON CONFLICT (person_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
         phone = excluded.phone, updated_at = excluded.updated_at, erased_at = NULL`,
      [person.personId, person.displayName, person.email ?? null, person.phone ?? null, at],
    );
  }

  async get(personId: string): Promise<StoredPerson | undefined> {
    const { rows } = await this.pool.query('SELECT person_id, display_name, email, phone, erased_at FROM people WHERE person_id = $1', [personId]);
    return rows[0] && storedPerson(rows[0]);
  }

  async erase(personId: string, at = new Date()): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE people SET display_name = NULL, email = NULL, phone = NULL, updated_at = $1, erased_at = $1 WHERE person_id = $2',
      [at, personId],
    );
    if (!rowCount) return false;
    await rewriteTable(this.pool, 'people');
    return true;
  }

  async close(): Promise<void> {
    // The pool belongs to the shared state.
  }
}
