import { useMemo } from 'react';
import { useSearchParams } from 'wouter';
import type { TrailFiltersQuery } from '../../../lib/api-types';
import catalogue from '../../../../../../libs/audit/src/messages/en.json';

/** The trail's filters, as the API names its query parameters (and as the page's URL keeps them). */
export const FILTER_KEYS = ['aggregate', 'type', 'actor', 'occurredFrom', 'occurredTo', 'recordedFrom', 'recordedTo', 'correlationId'] as const satisfies readonly (keyof TrailFiltersQuery)[];
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The kinds of aggregate the trail knows (the `aggregate` filter is a kind, or `kind:id`). */
export const AGGREGATE_KINDS = ['cluster', 'register', 'meeting', 'group', 'election', 'seal'] as const;

/** Every event type the trail puts into words: the keys `act.<type>` of the server's own audit catalogue. */
export const EVENT_TYPES = Object.keys(catalogue)
  .filter((k) => k.startsWith('act.') && k !== 'act.unknown')
  .map((k) => k.slice(4))
  .sort();

/**
 * The filters in the page's URL (`?type=VoteClosed&occurredFrom=2024-01-01`): a filtered trail can be
 * bookmarked, shared with another auditor, and survives a reload; setting them replaces the query.
 */
export function useTrailFilters(): [TrailFiltersQuery, (next: TrailFiltersQuery) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => {
    const f: TrailFiltersQuery = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k)?.trim();
      if (v) f[k] = v;
    }
    return f;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const set = (next: TrailFiltersQuery) => {
    const out = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = next[k]?.trim();
      if (v) out.set(k, v);
    }
    setParams(out);
  };
  return [filters, set];
}
