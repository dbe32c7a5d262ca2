import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';
import { PeopleRegistry, storedPerson, type PersonDetails, type StoredPerson } from './people-registry';

/** The people registry in `people.sqlite` (0600), beside the log. */
export class SqlitePeopleRegistry extends PeopleRegistry {
  private readonly db: Database.Database;

  static inFolder(dir: string): SqlitePeopleRegistry {
    return new SqlitePeopleRegistry(join(dir, 'people.sqlite'));
  }

  constructor(path: string) {
    super();
    this.db = openSqlite(path);
    // A deleted or overwritten value is overwritten with zeros in the file, not merely unlinked.
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS people (
      person_id TEXT PRIMARY KEY, display_name TEXT, email TEXT, phone TEXT, updated_at TEXT NOT NULL, erased_at TEXT)`);
  }

  async upsert(person: PersonDetails, at = new Date()): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO people (person_id, display_name, email, phone, updated_at, erased_at) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (person_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
           phone = excluded.phone, updated_at = excluded.updated_at, erased_at = NULL`,
      )
      .run(person.personId, person.displayName, person.email ?? null, person.phone ?? null, at.toISOString());
  }

  async get(personId: string): Promise<StoredPerson | undefined> {
    const row = this.db.prepare('SELECT * FROM people WHERE person_id = ?').get(personId) as Parameters<typeof storedPerson>[0] | undefined;
    return row && storedPerson(row);
  }

  /**
   * secure_delete zeroes the old values in the database's pages, and a truncating checkpoint copies
   * those pages into the database and empties the WAL, which still held the earlier page images.
   */
  async erase(personId: string, at = new Date()): Promise<boolean> {
    const info = this.db
      .prepare('UPDATE people SET display_name = NULL, email = NULL, phone = NULL, updated_at = ?, erased_at = ? WHERE person_id = ?')
      .run(at.toISOString(), at.toISOString(), personId);
    if (info.changes > 0) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy) throw new Error('The erasure was recorded, but a reader kept the old pages in the WAL; erase again');
    }
    return info.changes > 0;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
