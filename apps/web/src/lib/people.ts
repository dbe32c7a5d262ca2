import type { PersonDetails } from './api-types';
import { useResource } from './query';

/** A person's name from the people registry (erasable; the log keeps only ids). */
export function usePerson(personId: string | null | undefined) {
  return useResource<PersonDetails>(['people', personId ?? ''], { enabled: !!personId, staleTime: Infinity, retry: false });
}
