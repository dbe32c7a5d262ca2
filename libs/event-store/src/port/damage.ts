import type { GlobalPosition, StreamRevision } from './types';

/** What is wrong with a stored event. */
export type ChainBreak =
  /** Its stored bytes no longer give the hash stored with it. */
  | { kind: 'hash_mismatch'; expected: string; stored: string }
  /** Its prevHash is not the hash of the event before it in its stream. */
  | { kind: 'broken_link'; expectedPrevHash: string | null; storedPrevHash: string | null }
  /** The event before it in its stream (this revision) is missing. */
  | { kind: 'revision_gap'; missingRevision: StreamRevision }
  /** Its stored bytes cannot be parsed at all. */
  | { kind: 'unreadable'; reason: string };

/** A damaged event: where it is (as stored) and what broke. */
export interface EventDamage {
  streamId: string;
  revision: StreamRevision;
  eventId: string;
  position: GlobalPosition;
  problem: ChainBreak;
}

/** One sentence an operator reads: what broke, without the hashes. */
export function describeBreak(problem: ChainBreak): string {
  switch (problem.kind) {
    case 'hash_mismatch':
      return 'its stored bytes no longer match its hash';
    case 'broken_link':
      return 'its prevHash does not match the previous event of its stream';
    case 'revision_gap':
      return `the event before it (revision ${problem.missingRevision}) is missing`;
    case 'unreadable':
      return `it cannot be parsed (${problem.reason})`;
  }
}

export function describeDamage(d: Omit<EventDamage, 'problem'> & { problem: ChainBreak }): string {
  return `event ${d.eventId} of stream '${d.streamId}' (revision ${d.revision}, position ${d.position}) is damaged: ${describeBreak(d.problem)}`;
}
