export interface PersonDetails {
  personId: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
}

export type StoredPerson = PersonDetails & { erasedAt: string | null };

/**
 * Names and contact details of people, kept outside the event log (events carry only person ids), so
 * a person's details can be erased (GDPR art. 17) without changing a single event. Shared by every
 * server instance (see SharedState).
 */
export abstract class PeopleRegistry {
  abstract upsert(person: PersonDetails, at?: Date): Promise<void>;
  abstract get(personId: string): Promise<StoredPerson | undefined>;
  /**
   * Forgets everything but the id and the fact of erasure, in the store's files too (see each
   * implementation); false when the registry has no details of that person.
   */
  abstract erase(personId: string, at?: Date): Promise<boolean>;
  abstract close(): Promise<void>;
}

/** A stored row as both implementations read it. */
export function storedPerson(row: { person_id: string; display_name: string | null; email: string | null; phone: string | null; erased_at: string | Date | null }): StoredPerson {
  return {
    personId: row.person_id,
    displayName: row.display_name ?? '(erased)',
    email: row.email,
    phone: row.phone,
    erasedAt: row.erased_at === null ? null : new Date(row.erased_at).toISOString(),
  };
}
