import type { ChainBreak, EventDamage } from '@klaster/event-store';

/** Why a read-model document stopped following its stream. */
export type DocumentDamageProblem = ChainBreak | { kind: 'projection_failed'; reason: string };

/**
 * A read-model document whose stream has a damaged event: it keeps its last good state but is no
 * longer updated, and readers are told so. `collection` is '' (and `key` the stream) for a damaged
 * event that no read model takes (e.g. its stream id itself was altered).
 */
export interface DocumentDamage extends Omit<EventDamage, 'problem'> {
  collection: string;
  key: string;
  problem: DocumentDamageProblem;
}

export const NO_READ_MODEL = '';
