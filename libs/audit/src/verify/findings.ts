import type { ChainBreak, GlobalPosition, StreamRevision } from '@klaster/event-store';
import { message, type Locale, type MessageKey } from '../messages/catalogue';

/** What broke, in the words an auditor uses. */
export type FindingKind = 'changed' | 'missing' | 'reordered' | 'truncated' | 'bad_signature';

/** Why a finding was made, as a message of the audit's catalogue (`finding.*`) and its arguments, so it reads in either language. */
export interface FindingReason {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** A reason within the reason (a seal's signature problem), given to the message as `problem`. */
  cause?: FindingReason;
}

/** One thing wrong with the record: where, and what. */
export interface AuditFinding {
  kind: FindingKind;
  streamId: string;
  revision?: StreamRevision;
  eventId?: string;
  position?: GlobalPosition;
  /** The seal that showed it, when a seal did. */
  seal?: { clusterId: string; sequence: number; position: GlobalPosition };
  /** The reason in English (as the API has always answered it). */
  detail: string;
  reason: FindingReason;
}

/** A finding's reason and its English detail. */
export function because(key: MessageKey, params?: FindingReason['params'], cause?: FindingReason): Pick<AuditFinding, 'reason' | 'detail'> {
  return explained({ key, ...(params ? { params } : {}), ...(cause ? { cause } : {}) });
}

export function explained(reason: FindingReason): Pick<AuditFinding, 'reason' | 'detail'> {
  return { reason, detail: reasonText(reason, 'en') };
}

export function reasonText(reason: FindingReason, locale: Locale): string {
  const params = reason.cause ? { ...reason.params, problem: reasonText(reason.cause, locale) } : reason.params;
  return message(locale, reason.key, params);
}

/** The kind of finding a broken chain is. */
export function kindOfBreak(problem: ChainBreak): FindingKind {
  return problem.kind === 'revision_gap' ? 'missing' : 'changed';
}

/** A broken chain's reason (the event store's describeBreak, in the catalogue's words). */
export function breakReason(problem: ChainBreak): FindingReason {
  switch (problem.kind) {
    case 'revision_gap':
      return { key: 'finding.damage.revision_gap', params: { missing: problem.missingRevision.toString() } };
    case 'unreadable':
      return { key: 'finding.damage.unreadable', params: { reason: problem.reason } };
    default:
      return { key: `finding.damage.${problem.kind}` };
  }
}

/** "TRUNCATED: stream …, revision …: <why> (shown by seal …)", in English (as the API answers it). */
export function describeFinding(f: AuditFinding): string {
  return findingText(f, 'en');
}

/** A finding as describeFinding words it, in the auditor's language. */
export function findingText(f: AuditFinding, locale: Locale): string {
  const where = [
    message(locale, 'finding.stream', { stream: f.streamId }),
    f.revision !== undefined ? message(locale, 'finding.revision', { revision: f.revision.toString() }) : undefined,
    f.eventId ? message(locale, 'finding.event', { event: f.eventId }) : undefined,
    f.position !== undefined ? message(locale, 'finding.position', { position: f.position.toString() }) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const seal = f.seal ? ` ${message(locale, 'finding.shownBySeal', { sequence: f.seal.sequence, cluster: f.seal.clusterId, position: f.seal.position.toString() })}` : '';
  return `${message(locale, 'finding.kind', { kind: f.kind })}: ${where}: ${reasonText(f.reason, locale)}${seal}`;
}
