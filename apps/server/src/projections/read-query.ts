import { z } from 'zod';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { endOfDay, isoDateSchema, mayRead, notFound, upcast, type ClusterState, type Decider } from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import type { AggregateDoc } from '@klaster/projections';
import type { ReadModels } from './read-models.service';

const decimalPosition = z
  .string()
  .regex(/^\d{1,20}$/, 'a global position: a decimal string, as a command returned it')
  .transform((s) => BigInt(s));

/** `?position=`: the position a command returned; the query first waits for the read models to reach it. */
export const readQuerySchema = z.object({ position: decimalPosition.optional() });
export type ReadQuery = z.output<typeof readQuerySchema>;

/**
 * `?position=` as above, and time travel: `asOf` (a date: the state at the end of that day, UTC, by the
 * acts' recorded time) or `atPosition` (the state after that global position), never both.
 */
export const timeTravelQuerySchema = readQuerySchema
  .extend({ asOf: isoDateSchema.optional(), atPosition: decimalPosition.optional() })
  .refine((q) => q.asOf === undefined || q.atPosition === undefined, { message: 'give asOf or atPosition, not both', path: ['atPosition'] });
export type TimeTravelQuery = z.output<typeof timeTravelQuerySchema>;

export type PointInTime = { asOf: string } | { atPosition: bigint };

export interface ReadOptions {
  /** Wait until the read models reflect this position (read your own write). */
  position?: bigint;
  /** Answer with the state as it was then, folded from the log (never from the read models). */
  pointInTime?: PointInTime;
}

export function readOptions(q: Partial<TimeTravelQuery>): ReadOptions {
  const pointInTime: PointInTime | undefined = q.asOf !== undefined ? { asOf: q.asOf } : q.atPosition !== undefined ? { atPosition: q.atPosition } : undefined;
  return { position: q.position, pointInTime };
}

/** How a time-travel answer names the point it shows (positions as decimal strings). */
export const pointInTimeJson = (p: PointInTime) => ('asOf' in p ? { asOf: p.asOf } : { atPosition: p.atPosition.toString() });

/**
 * Whether an event belongs to the state at that point: its act occurred by the end of that day in the
 * cluster's zone (an act recorded after the fact counts from when it occurred), or it is at or before
 * the position.
 */
export function isAtOrBefore(p: PointInTime, timeZone: string): (event: Pick<RecordedEvent, 'position' | 'metadata'>) => boolean {
  if ('atPosition' in p) return (e) => e.position <= p.atPosition;
  const end = Date.parse(endOfDay(p.asOf, timeZone));
  return (e) => Date.parse(occurredAtOf(e)) < end;
}

/** A fold from the log lets other requests in (a turn of the event loop) after this much work. */
export const YIELD_AFTER_MS = 5;

/**
 * Folding a long stream is synchronous work between reads that never wait (the embedded store reads
 * pages in the same tick): `turn()` gives the event loop back after YIELD_AFTER_MS of it, so others'
 * requests are served in between and one long replay never stalls the server.
 */
export class FairShare {
  private since = performance.now();

  async turn(): Promise<void> {
    if (performance.now() - this.since < YIELD_AFTER_MS) return;
    await nextTurn();
    this.since = performance.now();
  }
}

/**
 * Folds a stream up to a point in time (uncached: time travel reads the log). Also tells the recorded
 * time of the last event folded, for judging "overdue" as of then. It takes its fair share of the
 * event loop (FairShare), so a long stream folded for one person does not stall everyone else.
 */
export async function loadAt<S, E>(
  store: EventStore,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  parse: (type: string, data: unknown) => E,
  streamId: string,
  p: PointInTime,
  timeZone: string,
): Promise<{ state: S; revision: bigint | undefined; lastOccurredAt: string | undefined }> {
  const included = isAtOrBefore(p, timeZone);
  let state = decider.initialState();
  let revision: bigint | undefined;
  let lastOccurredAt: string | undefined;
  const share = new FairShare();
  try {
    for await (const event of store.readStream(streamId)) {
      // Not `break`: a stream is not always in the order its acts occurred (a register numbers votes as recorded).
      if (!included(event)) continue;
      // Older schema versions are upcast on read, as everywhere the log is read.
      state = decider.evolve(state, parse(event.type, upcast(event.type, event.metadata.schemaVersion, event.data)));
      revision = event.revision;
      const occurred = occurredAtOf(event);
      if (lastOccurredAt === undefined || Date.parse(occurred) > Date.parse(lastOccurredAt)) lastOccurredAt = occurred;
      await share.turn();
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return { state, revision, lastOccurredAt };
}

/** The instant "overdue" is judged at for a past state: the last moment of the asOf day in the cluster's zone, or the last act folded. */
export function judgedAt(p: PointInTime, timeZone: string, lastOccurredAt: (string | undefined)[]): string {
  if ('asOf' in p) return new Date(Date.parse(endOfDay(p.asOf, timeZone)) - 1).toISOString();
  const known = lastOccurredAt.filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b));
  return known[known.length - 1] ?? new Date(0).toISOString();
}

export const clusterNotFound = (clusterId: string) => `Cluster '${clusterId}' does not exist or you may not read it`;

/**
 * The cluster's current read model, if the person may read it; 404 otherwise (with the caller's
 * message, so a meeting's or group's 404 does not reveal the cluster). Who may read is judged on the
 * cluster as it is now, also when the answer is a past state.
 */
export function readableClusterDoc(models: ReadModels, clusterId: string, personId: string, notFoundMessage = clusterNotFound(clusterId)): AggregateDoc<ClusterState> {
  const doc = models.doc<ClusterState>('clusters', clusterId);
  if (!doc || !mayRead(doc.state, personId)) throw notFound(notFoundMessage);
  return doc;
}
