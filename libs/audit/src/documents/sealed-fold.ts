import { StreamNotFound, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { upcast } from '@klaster/domain';
import type { RecordedSeal } from '../seal/sealer';

/** The revision a seal lists for a stream (undefined: the seal does not cover it). */
export function sealedRevision(seal: RecordedSeal, streamId: string): bigint | undefined {
  const head = seal.seal.streams.find((h) => h.streamId === streamId);
  return head ? BigInt(head.revision) : undefined;
}

/**
 * A stream folded up to the head a seal lists for it — exactly what the seal commits to — with the
 * domain's evolve; `onEvent` sees each event too. The initial state when the seal does not list it.
 */
export async function foldSealed<S, E>(
  store: EventStore,
  seal: RecordedSeal,
  streamId: string,
  decider: { initialState: () => S; evolve: (s: S, e: E) => S },
  parse: (type: string, data: unknown) => E,
  onEvent?: (event: RecordedEvent) => void,
): Promise<S> {
  let state = decider.initialState();
  const head = sealedRevision(seal, streamId);
  if (head === undefined) return state;
  try {
    for await (const e of store.readStream(streamId, { maxCount: Number(head) + 1 })) {
      state = decider.evolve(state, parse(e.type, upcast(e.type, e.metadata.schemaVersion, e.data)));
      onEvent?.(e);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return state;
}
