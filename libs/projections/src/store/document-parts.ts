/**
 * A large document may keep some of its records (a meeting's votes, each vote's ballots, its
 * attendance) as separate rows, one per entry, so a commit rewrites only the entries that changed
 * instead of the whole document. A split path names a record from the document's root; `*` stands
 * for every entry of the record before it (['state', 'votes', '*', 'ballots']: each vote's ballots).
 * A row holds its entry with the records split below it emptied; the document's own row holds the
 * document with its top records emptied.
 *
 * Documents are immutable (projections return new ones and share what did not change), so
 * "changed" is "not the same object as in the document committed before"; a projection that can
 * tell which entries an event changes (`touches`) spares the store even that comparison.
 *
 * A record is a plain object or a map with `get` and `entries` (a JS Map, an Immutable.js map or
 * list: a list's entries are keyed by position and come back as an object by position, which the
 * projection's `revive` turns into a list again).
 */
export type SplitPath = readonly string[];

export const ANY_ENTRY = '*';

type Json = Record<string, unknown>;
interface MapLike {
  get(key: string): unknown;
  entries(): Iterable<[string, unknown]>;
}

const isMapLike = (v: unknown): v is MapLike =>
  v !== null && typeof v === 'object' && typeof (v as MapLike).get === 'function' && typeof (v as MapLike).entries === 'function';
const isPlainRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v) && !isMapLike(v);
export const isRecordLike = (v: unknown): boolean => isPlainRecord(v) || isMapLike(v);

/** One entry of a record (or of a plain object on the way to it). */
export function entryOf(record: unknown, key: string): unknown {
  if (isMapLike(record)) return record.get(key);
  return isPlainRecord(record) && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The entries of a record, in its order (a list's keys are its positions, as text). */
export function entriesOf(record: unknown): Iterable<[string, unknown]> {
  if (isMapLike(record)) return keysAsText(record.entries());
  return isPlainRecord(record) ? Object.entries(record) : [];
}

function* keysAsText(entries: Iterable<[unknown, unknown]>): Iterable<[string, unknown]> {
  for (const [k, v] of entries) yield [typeof k === 'string' ? k : String(k), v];
}

/** The value at a concrete path (no `*`), or undefined. */
export function valueAt(doc: unknown, path: SplitPath): unknown {
  let at = doc;
  for (const step of path) {
    at = entryOf(at, step);
    if (at === undefined) return undefined;
  }
  return at;
}

/** Whether a concrete path matches a split path, step for step (`*` matches any key). */
const matches = (concrete: SplitPath, pattern: SplitPath) => concrete.length === pattern.length && pattern.every((p, i) => p === ANY_ENTRY || p === concrete[i]);

/** The split records directly inside the row at `base` (a concrete path; [] for the document's row), as paths relative to it. */
export function recordsInRow(splits: readonly SplitPath[], base: SplitPath): SplitPath[] {
  const inside: SplitPath[] = [];
  for (const split of splits) {
    if (split.length <= base.length || !matches(base, split.slice(0, base.length))) continue;
    const rest = split.slice(base.length);
    if (!rest.includes(ANY_ENTRY)) inside.push(rest);
  }
  return inside;
}

/** Whether a concrete path is an entry of one of the split records (the row it would be stored in). */
export const isSplitEntry = (splits: readonly SplitPath[], path: SplitPath) => path.length > 0 && splits.some((s) => matches(path.slice(0, -1), s));

/** A shallow copy of `value` along `rest`, with an empty record there (the rest is shared); unchanged when there is no record there. */
function withEmptied(value: unknown, rest: SplitPath): unknown {
  if (rest.length === 0) return isRecordLike(value) ? {} : value;
  if (!isPlainRecord(value) || !Object.prototype.hasOwnProperty.call(value, rest[0])) return value;
  return { ...value, [rest[0]]: withEmptied(value[rest[0]], rest.slice(1)) };
}

/** What the row at `base` holds: `value` with the split records inside it emptied. */
export function rowValue(value: unknown, splits: readonly SplitPath[], base: SplitPath): unknown {
  let row = value;
  for (const rest of recordsInRow(splits, base)) row = withEmptied(row, rest);
  return row;
}

/** Puts `value` at `path` in a document this code owns (freshly decoded, plain objects): no copy. */
export function placeAt(doc: unknown, path: SplitPath, value: unknown): void {
  let at = doc as Json;
  for (const step of path.slice(0, -1)) {
    const next = at[step];
    if (!isPlainRecord(next)) throw new Error(`A stored part has no parent at ${JSON.stringify(path)}`);
    at = next;
  }
  at[path[path.length - 1]] = value;
}

/** A split spec as stored (one path, as layouts before 5 had it, or several). */
export const splitPaths = (split: SplitPath | readonly SplitPath[]): readonly SplitPath[] =>
  split.length > 0 && typeof split[0] === 'string' ? [split as SplitPath] : (split as readonly SplitPath[]);
