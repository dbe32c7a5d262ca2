import { DamagedEvent, describeBreak, type ChainBreak } from '@klaster/event-store';
import type { DocumentDamageProblem } from '@klaster/projections';
import { RecordDamaged } from './damaged-reads';

/** How a damaged record is described to a client: where it is and what broke (no hashes). */
export interface DamageJson {
  streamId: string;
  revision: string;
  position: string;
  eventId: string;
  problem: string;
  detail: string;
}

export function damageJson(d: { streamId: string; revision: bigint; position: bigint; eventId: string; problem: DocumentDamageProblem }): DamageJson {
  const detail = d.problem.kind === 'projection_failed' ? `the read models could not apply it (${d.problem.reason})` : describeBreak(d.problem as ChainBreak);
  return { streamId: d.streamId, revision: d.revision.toString(), position: d.position.toString(), eventId: d.eventId, problem: d.problem.kind, detail };
}

/** The stream whose damaged record the error is about, if it is one. */
export function damagedStreamOf(error: unknown): string | undefined {
  return error instanceof DamagedEvent || error instanceof RecordDamaged ? error.damage.streamId : undefined;
}

/**
 * 503 with the stable code record_damaged for a command, a time-travel read or a query that met a
 * damaged record; undefined for any other error. Only what depends on that record is refused.
 */
export function damagedRecordBody(error: unknown) {
  const damage = error instanceof DamagedEvent || error instanceof RecordDamaged ? error.damage : undefined;
  if (!damage) return undefined;
  const json = damageJson(damage);
  return {
    statusCode: 503,
    error: 'record_damaged',
    code: 'record_damaged',
    message:
      `The record of '${json.streamId}' is damaged at position ${json.position} (revision ${json.revision}): ${json.detail}. ` +
      'It cannot be read or changed until an operator restores it; other records are not affected.',
    damage: json,
  };
}
