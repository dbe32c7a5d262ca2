import type { EventFilter } from './types';

/** True when the event passes every list the filter gives (system `$` streams/types never pass). */
export function matchesFilter(filter: EventFilter | undefined, streamId: string, type: string): boolean {
  if (streamId.startsWith('$') || type.startsWith('$')) return false;
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => streamId.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  return true;
}
