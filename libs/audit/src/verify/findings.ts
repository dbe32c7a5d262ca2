import type { ChainBreak, GlobalPosition, StreamRevision } from '@klaster/event-store';

/** What broke, in the words an auditor uses. */
export type FindingKind = 'changed' | 'missing' | 'reordered' | 'truncated' | 'bad_signature';

/** One thing wrong with the record: where, and what. */
export interface AuditFinding {
  kind: FindingKind;
  streamId: string;
  revision?: StreamRevision;
  eventId?: string;
  position?: GlobalPosition;
  /** The seal that showed it, when a seal did. */
  seal?: { clusterId: string; sequence: number; position: GlobalPosition };
  detail: string;
}

/** The kind of finding a broken chain is. */
export function kindOfBreak(problem: ChainBreak): FindingKind {
  return problem.kind === 'revision_gap' ? 'missing' : 'changed';
}

export function describeFinding(f: AuditFinding): string {
  const where = [
    `stream ${f.streamId}`,
    f.revision !== undefined ? `revision ${f.revision}` : undefined,
    f.eventId ? `event ${f.eventId}` : undefined,
    f.position !== undefined ? `position ${f.position}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const seal = f.seal ? ` (shown by seal ${f.seal.sequence} of cluster ${f.seal.clusterId}, position ${f.seal.position})` : '';
  return `${f.kind.toUpperCase().replace('_', ' ')}: ${where}: ${f.detail}${seal}`;
}
