import { z } from 'zod';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { endOfDay, isoDateSchema, mayRead, notFound, upcast, type ClusterState, type Decider } from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import type { AggregateDoc } from '@klaster/projections';
import type { ReadModels } from './read-models.service';
import { historiesOf, SNAPSHOT_EVERY, type StreamFold, type StreamHistory, type StreamPrefix } from './time-travel-snapshots';

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

/** Excluded events between two included ones that are read (and skipped) rather than starting another read. */
const READ_THROUGH_GAP = 32;

/**
 * Folds a stream up to a point in time (time travel reads the log, never the read models). Also tells
 * the recorded time of the last event folded, for judging "overdue" as of then. It takes its fair
 * share of the event loop (FairShare), so a long stream folded for one person does not stall everyone
 * else. A long stream's first fold indexes it and keeps snapshots (time-travel-snapshots.ts); later
 * folds start from the latest snapshot the point includes whole and read only up to the last event
 * the point includes, then whatever was appended since.
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
  const end = 'asOf' in p ? Date.parse(endOfDay(p.asOf, timeZone)) : undefined;
  const histories = historiesOf(store);
  const history = (histories.get(streamId) as StreamHistory<S> | undefined) ?? { positions: [], occurredMs: [], snapshots: [] };
  const includes = (rev: number) => (end !== undefined ? history.occurredMs[rev] < end : BigInt(history.positions[rev]) <= (p as { atPosition: bigint }).atPosition);
  const known = history.positions.length;

  const snapshot = [...history.snapshots].reverse().find((s) => (end !== undefined ? s.latestOccurredMs < end : includes(Number(s.revision))));
  const initial = (): StreamFold<S> => ({ state: decider.initialState(), latestOccurredMs: -Infinity, lastOccurredAt: undefined });
  // The answer: the events the point includes, folded from the latest snapshot it includes whole.
  const answer: StreamFold<S> = snapshot ? { state: snapshot.state, latestOccurredMs: snapshot.latestOccurredMs, lastOccurredAt: snapshot.lastOccurredAt } : initial();
  let revision = snapshot?.revision;
  const next = snapshot ? Number(snapshot.revision) + 1 : 0;
  // Whether the answer so far folds every event up to the last indexed one (then it is the head's fold
  // too, and one evolve serves both), and the runs of indexed events the point includes (a short gap
  // is read through, not skipped).
  let whole = true;
  const runs: { from: number; to: number }[] = [];
  for (let rev = next; rev < known; rev++) {
    if (!includes(rev)) {
      whole = false;
      continue;
    }
    const run = runs[runs.length - 1];
    if (run && rev - run.to <= READ_THROUGH_GAP) run.to = rev;
    else runs.push({ from: rev, to: rev });
  }

  const share = new FairShare();
  /** Folds one event into a state, keeping when the latest of its acts occurred. */
  const evolveWith = (into: StreamFold<S>, event: RecordedEvent, parsed: E): void => {
    into.state = decider.evolve(into.state, parsed);
    const occurred = occurredAtOf(event);
    const ms = Date.parse(occurred);
    if (into.lastOccurredAt === undefined || ms > into.latestOccurredMs) {
      into.lastOccurredAt = occurred;
      into.latestOccurredMs = ms;
    }
  };
  // Older schema versions are upcast on read, as everywhere the log is read.
  const parsed = (event: RecordedEvent) => parse(event.type, upcast(event.type, event.metadata.schemaVersion, event.data));
  const fold = (event: RecordedEvent, data: E = parsed(event)) => {
    evolveWith(answer, event, data);
    revision = event.revision;
  };
  try {
    // The indexed events the point includes, run by run.
    for (const run of runs) {
      for await (const event of store.readStream(streamId, { from: BigInt(run.from), maxCount: run.to - run.from + 1 })) {
        if (included(event)) fold(event);
        await share.turn();
      }
    }
    // Events not indexed yet (all of them the first time): indexed now, with the head (the fold of every
    // event, whatever this point includes) carried along them and snapshotted every SNAPSHOT_EVERY.
    // While the answer so far is that same fold (`whole`), one evolve serves both.
    const head = history.head;
    let prefix: StreamPrefix<S> | undefined = known === 0 ? { ...initial(), next: 0 } : head && head.next === known ? { ...head } : undefined;
    for await (const event of store.readStream(streamId, known > 0 ? { from: BigInt(known) } : {})) {
      const rev = Number(event.revision);
      const data = parsed(event);
      const isIncluded = included(event);
      // Not `break` when excluded: a stream is not always in the order its acts occurred (a register numbers votes as recorded).
      if (!isIncluded) whole = false;
      if (prefix && prefix.next === rev) {
        if (whole) {
          fold(event, data);
          Object.assign(prefix, answer);
        } else {
          evolveWith(prefix, event, data);
          if (isIncluded) fold(event, data);
        }
        prefix.next = rev + 1;
        if (prefix.next % SNAPSHOT_EVERY === 0 && !history.snapshots.some((s) => s.revision === event.revision)) {
          history.snapshots.push({ revision: event.revision, state: prefix.state, latestOccurredMs: prefix.latestOccurredMs, lastOccurredAt: prefix.lastOccurredAt });
        }
      } else {
        prefix = undefined;
        if (isIncluded) fold(event, data);
      }
      // Indexed by whichever concurrent read gets there first; the head moves with the index.
      if (rev === history.positions.length) {
        history.positions.push(Number(event.position));
        history.occurredMs.push(Date.parse(occurredAtOf(event)));
        if (prefix) history.head = { ...prefix };
      }
      await share.turn();
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  if (history.positions.length > SNAPSHOT_EVERY) {
    history.snapshots.sort((a, b) => (a.revision < b.revision ? -1 : 1));
    histories.set(streamId, history as StreamHistory<unknown>);
  }
  return { state: answer.state, revision, lastOccurredAt: answer.lastOccurredAt };
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
