import { DuplicateEventId } from './errors';
import type { AppendResult, ExpectedRevision } from './types';

/** A stored event, as far as recognising a retried append goes. */
export interface StoredIdAt {
  id: string;
  revision: bigint;
  position: bigint;
}

/**
 * Idempotency is per stream (EventStoreDB's rule; both adapters follow it): an append whose ids are
 * already stored, in order, in this stream succeeds without writing. Where such a batch would stand:
 * - `tail`: the stream ends with the batch's last id (a retry after a timeout), so the batch would be
 *   its last events, from this revision;
 * - `slot`: the caller expected an exact revision (or no stream) that the stream has moved past, so
 *   the batch would sit right after it.
 * A new append needs no read at all: its last id is not the stream's last, and the stream has not
 * reached past the slot it expects.
 */
export function placesOfRetry(
  head: { id: string; revision: bigint } | undefined,
  ids: readonly string[],
  expected: ExpectedRevision,
): { tail?: bigint; slot?: bigint } {
  if (!head) return {};
  const count = BigInt(ids.length);
  const tail = head.id === ids[ids.length - 1] && head.revision >= count - 1n ? head.revision - count + 1n : undefined;
  if (expected !== 'no_stream' && typeof expected !== 'bigint') return { tail };
  const first = expected === 'no_stream' ? 0n : expected + 1n;
  return { tail, slot: head.revision >= first + count - 1n ? first : undefined };
}

/** The stream's last events (oldest first) are the batch, id for id: the earlier append's result. */
export function retriedAtTail(stored: readonly StoredIdAt[], ids: readonly string[]): AppendResult | undefined {
  if (stored.length !== ids.length || stored.some((e, i) => e.id !== ids[i])) return undefined;
  return resultOf(stored);
}

/**
 * The events at the expected slot (oldest first): the earlier append's result when they are the batch;
 * nothing when the slot does not start with the batch's first id (someone else wrote there); a
 * DuplicateEventId when it does but the rest differs (the batch reuses part of an earlier one).
 */
export function retriedAtSlot(stored: readonly StoredIdAt[], ids: readonly string[], streamId: string): AppendResult | undefined {
  if (stored[0]?.id !== ids[0]) return undefined;
  if (stored.length !== ids.length || stored.some((e, i) => e.id !== ids[i])) throw new DuplicateEventId(ids[0], streamId);
  return resultOf(stored);
}

function resultOf(stored: readonly StoredIdAt[]): AppendResult {
  const last = stored[stored.length - 1];
  return { nextRevision: last.revision, position: last.position };
}
