/**
 * A large document may keep one of its records (a meeting's votes, each with every ballot) as
 * separate rows, one per entry, so a commit rewrites only the entries that changed instead of the
 * whole document. Documents are immutable (projections return new ones and share what did not
 * change), so "changed" is simply "not the same object as in the document committed before".
 */
export type SplitPath = readonly string[];

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The record at `path`, or undefined when the document has none there. */
export function recordAt(doc: unknown, path: SplitPath): Json | undefined {
  let at: unknown = doc;
  for (const step of path) {
    if (!isRecord(at)) return undefined;
    at = at[step];
  }
  return isRecord(at) ? at : undefined;
}

/** A shallow copy of the document along `path`, with `value` there (the rest is shared). */
export function withRecordAt(doc: unknown, path: SplitPath, value: Json): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  const node = doc as Json;
  return { ...node, [step]: withRecordAt(node[step], rest, value) };
}

/** Puts `value` at `path` in a document this code owns (freshly decoded): no copy. */
export function placeRecordAt(doc: unknown, path: SplitPath, value: Json): void {
  let at = doc as Json;
  for (const step of path.slice(0, -1)) at = at[step] as Json;
  at[path[path.length - 1]] = value;
}
