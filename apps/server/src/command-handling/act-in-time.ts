import {
  clusterDecider,
  clusterStreamId,
  dayIn,
  forbidden,
  historicalActor,
  instantOf,
  mayRecordThePast,
  parseClusterEvent,
  ruleBroken,
  type ClusterState,
} from '@klaster/domain';
import { occurredAtOf, type EventStore } from '@klaster/event-store';
import { load } from './load-stream';
import type { ExecuteOptions } from './stream-writer';

/** A clock running a little fast on the client's side is not "the future". */
const CLOCK_SKEW_MS = 60_000;

export interface ActInTime<C> {
  /** The command with who did the act and when it occurred. */
  command: C;
  /** The options, marked when the act is recorded after the fact. */
  options: ExecuteOptions;
  /** The cluster as it was when the act occurred: the facts the act is judged on. */
  cluster: ClusterState;
}

/** A date (YYYY-MM-DD, taken as noon in the zone) or an instant, as an instant. */
export function occurredInstant(occurredAt: string, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(occurredAt) ? instantOf(occurredAt, '12:00', timeZone) : new Date(occurredAt).toISOString();
}

/**
 * Who did an act, and when. An act done now: by the caller, now, judged on the cluster as it is. An act
 * recorded after the fact (`options.occurrence`): only the coordinator or a registrar may enter it; it
 * occurred then — neither in the future nor before the cluster was founded — by the person the record
 * names (`actedBy`), else by the representative of that day of the member the act names, else by the
 * coordinator of that day; and it is judged on the cluster as it was that day.
 */
export async function actInTime<C extends { actor: string; at: string }>(
  store: EventStore,
  command: C,
  clusterNow: ClusterState,
  options: ExecuteOptions,
  memberId?: string,
): Promise<ActInTime<C>> {
  const occurrence = options.occurrence;
  if (!occurrence) return { command, options, cluster: clusterNow };
  if (!mayRecordThePast(clusterNow, command.actor)) {
    throw forbidden('Only the coordinator or a registrar of the cluster may record an act after the fact', 'not_a_recorder');
  }
  const at = occurredInstant(occurrence.occurredAt, clusterNow.timeZone);
  if (Date.parse(at) > Date.parse(command.at) + CLOCK_SKEW_MS) {
    throw ruleBroken(`An act cannot be dated in the future (${occurrence.occurredAt})`, 'date_in_future');
  }
  const day = dayIn(at, clusterNow.timeZone);
  if (day < clusterNow.foundedOn) {
    throw ruleBroken(`The cluster was founded on ${clusterNow.foundedOn}; an act cannot be dated ${day}, before it`, 'date_before_founding');
  }
  const then = (await load(store, clusterDecider, parseClusterEvent, clusterStreamId(clusterNow.clusterId), (e) => Date.parse(occurredAtOf(e)) <= Date.parse(at))).state;
  if (!then.founded) {
    throw ruleBroken(`The cluster's founding is recorded as occurring after ${day}; record the founding at its date first`, 'date_before_founding');
  }
  const actor = occurrence.actedBy ?? historicalActor(then, memberId) ?? command.actor;
  return { command: { ...command, actor, at }, options: { ...options, recordedAfterTheFact: true }, cluster: then };
}
