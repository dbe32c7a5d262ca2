import { usePerson } from '../lib/people';

/** A person's display name, or their id while it loads or when their details were erased or hidden. */
export function PersonName({ personId }: { personId: string | null | undefined }) {
  const person = usePerson(personId);
  if (!personId) return null;
  return <span data-person-id={personId}>{person.data?.displayName ?? personId}</span>;
}
