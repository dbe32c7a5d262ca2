import { v5 as uuidv5 } from 'uuid';
import { StreamNotFound, WrongExpectedVersion, type EventStore, type JsonValue, type RecordedEvent } from '@klaster/event-store';
import { conflict, schemaVersionOf, upcast, type Decider } from '@klaster/domain';
import { stateCache } from './state-cache';

/** Namespace for event ids derived from an idempotency key (UUIDv5). */
const EVENT_ID_NAMESPACE = '5b3f6f0e-9a51-4c1e-8d3b-0c1f6b8e2a77';
const MAX_ATTEMPTS = 5;

export interface DomainEvent {
  type: string;
  data: unknown;
}

export interface CommandOutcome {
  streamId: string;
  /** The stream's revision after the command (decimal string in JSON). */
  revision: bigint;
  /** Global position of the last event written, for read-your-own-write. */
  position: bigint;
  events: DomainEvent[];
}

export interface ExecuteOptions {
  actor: string;
  correlationId: string;
  /** From If-Match: the client insists on this revision; no retry on conflict. */
  expectedRevision?: bigint;
  /** Makes event ids deterministic so a retried command cannot write twice. */
  idempotencyKey?: string;
  /**
   * For commands whose events commute with everything else on the stream (ballots): append without
   * a revision precondition, so a thousand members voting at once do not retry against each other.
   * The decision is still taken on the state just read; the state's fold makes a late or duplicate
   * event harmless (a ballot after the close is not counted; a member's latest ballot counts once).
   */
  commutative?: boolean;
}

/**
 * The command handler's whole job: read the stream, fold, decide, append with the exact expected
 * revision. A concurrent writer makes the append fail; then it re-reads and decides again, a bounded
 * number of times, before answering 409.
 */
export async function executeOnStream<S, C, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<S, C, E>,
  parseEvent: (type: string, data: unknown) => E,
  streamId: string,
  command: C,
  options: ExecuteOptions,
  /**
   * The stream as the caller has just loaded it (with `load`), used for the first attempt instead of
   * reading it again; a retry always re-reads. Only for commutative commands, whose decision may be
   * taken on the state just read: a ballot must not pay for reading the meeting twice.
   */
  justLoaded?: { state: S; revision: bigint | undefined },
): Promise<CommandOutcome> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = attempt === 1 && justLoaded && options.commutative ? justLoaded : await load(store, decider, parseEvent, streamId);
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw conflict(`The ${streamId} stream is at revision ${revision ?? 'none'}, not ${options.expectedRevision} (If-Match)`);
    }
    // Validated on the way in as on the way out: a decider bug cannot store a malformed event.
    const events = decider.decide(command, state).map((e) => parseEvent(e.type, e.data));
    if (events.length === 0) {
      return { streamId, revision: revision ?? -1n, position: 0n, events };
    }
    const commandId = options.idempotencyKey ? uuidv5(`${streamId}:${options.idempotencyKey}`, EVENT_ID_NAMESPACE) : undefined;
    try {
      const result = await store.append(
        streamId,
        events.map((e, i) => ({
          id: commandId ? uuidv5(`${commandId}:${i}`, EVENT_ID_NAMESPACE) : crypto.randomUUID(),
          type: e.type,
          data: e.data as JsonValue,
          metadata: {
            actor: options.actor,
            correlationId: options.correlationId,
            causationId: commandId ?? options.correlationId,
            schemaVersion: schemaVersionOf(e.type),
            // The act's own time as the command states it (the server's clock for HTTP commands;
            // the historical date when a record is entered after the fact), so "as of" queries fold by it.
            ...(actTime(command) ? { recordedAt: actTime(command) } : {}),
          },
        })),
        { expectedRevision: options.commutative && options.expectedRevision === undefined ? 'any' : (revision ?? 'no_stream') },
      );
      return { streamId, revision: result.nextRevision, position: result.position, events };
    } catch (error) {
      const retry = error instanceof WrongExpectedVersion && options.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

function actTime(command: unknown): string | undefined {
  const at = (command as { at?: unknown }).at;
  return typeof at === 'string' ? at : undefined;
}

/**
 * Folds a stream; a stream that does not exist yet is the decider's initial state. Reads only what
 * follows the cached state, unless `until` asks for a past state (time travel is never cached).
 */
export async function load<S, E>(
  store: EventStore,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  parseEvent: (type: string, data: unknown) => E,
  streamId: string,
  until?: (event: RecordedEvent) => boolean,
): Promise<{ state: S; revision: bigint | undefined }> {
  const cache = until ? undefined : stateCache(store, decider);
  const cached = cache?.get(streamId);
  let state = cached ? (cached.state as S) : decider.initialState();
  let revision: bigint | undefined = cached?.revision;
  try {
    for await (const recorded of store.readStream(streamId, revision === undefined ? {} : { from: revision + 1n })) {
      if (until && !until(recorded)) break;
      // Older schema versions are upcast on read; the stored event stays as it was written.
      state = decider.evolve(state, parseEvent(recorded.type, upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data)));
      revision = recorded.revision;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  if (cache && revision !== undefined && revision !== cached?.revision) cache.set(streamId, { state, revision });
  return { state, revision };
}
