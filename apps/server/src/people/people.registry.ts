import type Database from 'better-sqlite3';
import { openSqlite } from '../storage/open-sqlite';

export interface PersonDetails {
  personId: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
}

/**
 * Names and contact details of people, kept outside the event log (events carry only person ids), so
 * a person's details can be erased (GDPR art. 17) without changing a single event.
 */
export class PeopleRegistry {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path);
    // A deleted or overwritten value is overwritten with zeros in the file, not merely unlinked.
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS people (
      person_id TEXT PRIMARY KEY, display_name TEXT, email TEXT, phone TEXT, updated_at TEXT NOT NULL, erased_at TEXT)`);
  }

  upsert(person: PersonDetails, at = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO people (person_id, display_name, email, phone, updated_at, erased_at) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (person_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
           phone = excluded.phone, updated_at = excluded.updated_at, erased_at = NULL`,
      )
      .run(person.personId, person.displayName, person.email ?? null, person.phone ?? null, at.toISOString());
  }

  get(personId: string): (PersonDetails & { erasedAt: string | null }) | undefined {
    const row = this.db.prepare('SELECT * FROM people WHERE person_id = ?').get(personId) as
      | { person_id: string; display_name: string | null; email: string | null; phone: string | null; erased_at: string | null }
      | undefined;
    if (!row) return undefined;
    return { personId: row.person_id, displayName: row.display_name ?? '(erased)', email: row.email, phone: row.phone, erasedAt: row.erased_at };
  }

  /**
   * Forgets everything but the id and the fact of erasure, in every byte of the files: secure_delete
   * zeroes the old values in the database's pages, and a truncating checkpoint copies those pages
   * into the database and empties the WAL, which still held the earlier page images.
   */
  erase(personId: string, at = new Date()): boolean {
    const info = this.db
      .prepare('UPDATE people SET display_name = NULL, email = NULL, phone = NULL, updated_at = ?, erased_at = ? WHERE person_id = ?')
      .run(at.toISOString(), at.toISOString(), personId);
    if (info.changes > 0) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy) throw new Error('The erasure was recorded, but a reader kept the old pages in the WAL; erase again');
    }
    return info.changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
