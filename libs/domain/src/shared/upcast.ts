/**
 * Upcasting: an event whose schema changed is brought up to the current schema when it is read,
 * never rewritten in the log (stored events are immutable and hash-chained). Every reader of the log
 * — the command side's fold and the projections — passes each event's `metadata.schemaVersion`
 * through `upcast` before parsing it, so the domain only ever sees current events.
 *
 * Pure: an upcaster maps one version's data to the next; `upcast` chains them up to the current one.
 */

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Per event type, the upcasters from version n (index n - 1) to version n + 1. */
const upcasters: Record<string, Upcaster[]> = {
  /**
   * MemberAdmitted v1 had no `votingWeight`: every member weighed 1. v2 records the weight; a v1
   * event reads as weight 1. (Early v1 events written after the field appeared already carry it, and
   * keep theirs.)
   */
  MemberAdmitted: [(data) => ({ votingWeight: 1, ...data })],
  /**
   * ClusterFounded and CharterAmended v1 carried a charter without `convenerWhileVacant`: who convenes
   * the general meeting that elects a new leader once the coordinator withdrew. v2 records it; a v1
   * charter reads with the default, any voting member's representative.
   */
  ClusterFounded: [withVacantOfficeConvener],
  CharterAmended: [withVacantOfficeConvener],
};

function withVacantOfficeConvener(data: Record<string, unknown>): Record<string, unknown> {
  const charter = data.charter;
  if (typeof charter !== 'object' || charter === null || 'convenerWhileVacant' in charter) return data;
  return { ...data, charter: { ...charter, convenerWhileVacant: { kind: 'any_voting_member' } } };
}

/** The schema version an event of this type is written with today. */
export function schemaVersionOf(type: string): number {
  return (upcasters[type]?.length ?? 0) + 1;
}

/** The event's data in the current schema of its type. A version newer than this code knows is refused. */
export function upcast(type: string, schemaVersion: number | undefined, data: unknown): unknown {
  const chain = upcasters[type] ?? [];
  const from = schemaVersion ?? 1;
  if (!Number.isInteger(from) || from < 1) throw new Error(`Event ${type} has an invalid schema version ${schemaVersion}`);
  if (from > chain.length + 1) throw new Error(`Event ${type} has schema version ${from}; this code reads up to ${chain.length + 1}`);
  if (from === chain.length + 1 || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  let current = data as Record<string, unknown>;
  for (let v = from; v <= chain.length; v++) current = chain[v - 1](current);
  return current;
}
