import { List } from 'immutable';
import type { Representative } from './cluster.events';

export type RepresentativeHistoryEntry = Representative & { from: string };

/**
 * Every representative a member has had, oldest first, with the instant each took over.
 *
 * Why a persistent list (Immutable.js's List, a 32-way trie): states are immutable and many versions
 * of one cluster live at once (the state cache, the projection runner's committed documents, the
 * snapshots an `asOf` read folds on from). An array made a change copy the member's whole history,
 * O(n) per change and O(n²) over a history; `push` on a List is O(log₃₂ n) and shares every entry
 * with the version before. It serialises as an array (`toJSON`), so the read models' JSON, the API
 * and every hash of a state are what they were; a state read back from JSON is revived with
 * `reviveClusterState`.
 *
 * Pure data structure, no I/O: fit for libs/domain.
 */
export type RepresentativeHistory = List<RepresentativeHistoryEntry>;

/**
 * A history as stored: an array (a whole document), an object by position (a document whose
 * histories are stored one row per entry, put back together), or already a list.
 */
export function representativeHistoryFrom(history: RepresentativeHistory | readonly RepresentativeHistoryEntry[] | Record<string, RepresentativeHistoryEntry>): RepresentativeHistory {
  if (List.isList(history)) return history as RepresentativeHistory;
  if (Array.isArray(history)) return List(history as RepresentativeHistoryEntry[]);
  const byPosition = history as Record<string, RepresentativeHistoryEntry>;
  return List(
    Object.keys(byPosition)
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => byPosition[i]),
  );
}
