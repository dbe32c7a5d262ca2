import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { upcast, type Decider } from '@klaster/domain';
import { stateCache } from './state-cache';

export interface LoadedStream<S> {
  state: S;
  /** The revision of the last event folded; undefined when the stream has no events. */
  revision: bigint | undefined;
  /**
   * When the latest act of the stream's history occurred — its first act, and each act recorded after
   * the fact — so that the past is entered in the order it happened. Acts done in Klaster itself (a
   * registrar appointed today) do not count: they must not stop the cluster's paper past being entered.
   */
  lastDatedAt?: string;
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
): Promise<LoadedStream<S>> {
  const cache = until ? undefined : stateCache(store, decider);
  const cached = cache?.get(streamId);
  let state = cached ? (cached.state as S) : decider.initialState();
  let revision: bigint | undefined = cached?.revision;
  let lastDatedAt = cached?.lastDatedAt;
  try {
    for await (const recorded of store.readStream(streamId, revision === undefined ? {} : { from: revision + 1n })) {
      // A past state keeps the acts that had occurred by then. Most streams are in the order acts
      // occurred, but not every one (a register numbers votes in the order they were recorded).
      if (until && !until(recorded)) continue;
      // Older schema versions are upcast on read; the stored event stays as it was written.
      state = decider.evolve(state, parseEvent(recorded.type, upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data)));
      revision = recorded.revision;
      if (recorded.revision === 0n || isRecordedAfterTheFact(recorded)) {
        const occurred = occurredAtOf(recorded);
        if (lastDatedAt === undefined || Date.parse(occurred) > Date.parse(lastDatedAt)) lastDatedAt = occurred;
      }
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  if (cache && revision !== undefined && revision !== cached?.revision) cache.set(streamId, { state, revision, lastDatedAt });
  return { state, revision, lastDatedAt };
}

/** Remembers a state this process has just written, so the next command on the stream reads nothing. */
export function rememberState<S>(store: EventStore, decider: object, streamId: string, state: S, revision: bigint, lastDatedAt?: string): void {
  const cache = stateCache(store, decider);
  const cached = cache.get(streamId);
  if (!cached || cached.revision < revision) cache.set(streamId, { state, revision, lastDatedAt });
}

/** An act entered well after it occurred (more than a minute: not mere clock skew). */
export const isRecordedAfterTheFact = (event: Pick<RecordedEvent, 'metadata'>): boolean =>
  Date.parse(occurredAtOf(event)) < Date.parse(event.metadata.recordedAt) - 60_000;
