import type { AllStreamResolvedEvent, StreamingRead } from '@eventstore/db-client';

/**
 * Iterates one client read with `for await` (backpressured, never buffered whole). Records an error the
 * read emits before iteration starts (an unhandled 'error' event would crash the process) and cancels
 * the gRPC call when the consumer stops early.
 */
export async function* drain<T>(read: StreamingRead<T>): AsyncGenerator<T> {
  let failure: unknown;
  read.on('error', (error) => {
    failure ??= error;
  });
  let completed = false;
  try {
    for await (const item of read) yield item;
    completed = true;
  } finally {
    if (!completed) await read.cancel().catch(() => undefined);
  }
  if (failure !== undefined) throw failure;
}

/** A position in $all as the server orders it: by commit, then prepare position. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** Where a read of $all starts for a port position: the port gives each event one position, its commit position. */
export function logPositionAt(position: bigint): LogPosition {
  return { commit: position, prepare: position };
}

/** Reads up to maxCount records of $all forwards, starting AT `from` (inclusive, as the client does). */
export type AllPageReader = (from: LogPosition, maxCount: number) => AsyncIterable<AllStreamResolvedEvent>;

export function positionOf(resolved: AllStreamResolvedEvent): bigint | undefined {
  const position = resolved.event?.position.commit ?? resolved.commitPosition;
  return position === undefined ? undefined : BigInt(position);
}

/** The record's exact place in $all (commit and prepare), where the server gave it. */
export function exactPositionOf(resolved: AllStreamResolvedEvent): LogPosition | undefined {
  const exact = resolved.event?.position;
  if (exact) return { commit: BigInt(exact.commit), prepare: BigInt(exact.prepare) };
  const position = positionOf(resolved);
  return position === undefined ? undefined : logPositionAt(position);
}

/**
 * The port gives every event its own position, and the adapter uses the commit position. Events of a
 * legacy explicit transaction (TCP clients) share one commit position: refuse them loudly rather than
 * lose all but one of them.
 */
export function sharedCommitPosition(
  position: bigint,
  eventId: string | undefined,
  previous: { position: bigint; eventId?: string } | undefined,
): Error | undefined {
  if (!previous || previous.position !== position || previous.eventId === eventId) return undefined;
  return new Error(
    `EventStoreDB events ${previous.eventId} and ${eventId} share commit position ${position} (written by an explicit transaction of a legacy client): ` +
      'the log needs one position per event',
  );
}

/**
 * Every record of $all strictly after `after`, read in pages so memory stays bounded. The client's readAll
 * includes the record at its start position while the port's fromPosition is exclusive, so each page
 * skips what is not strictly after the last position yielded. The next page starts exactly at the last
 * record read (commit and prepare), so that record is repeated and nothing after it can fall between
 * pages, whatever its prepare position. `after` may be a record's exact place (a read resumed after it).
 */
export async function* recordsAfter(
  readPage: AllPageReader,
  after: bigint | LogPosition,
  pageSize: number,
): AsyncGenerator<AllStreamResolvedEvent> {
  if (!Number.isInteger(pageSize) || pageSize < 2) throw new Error('pageSize must be an integer of at least 2: each page repeats one record');
  let from: LogPosition = typeof after === 'bigint' ? logPositionAt(after) : after;
  let yielded = from.commit;
  for (;;) {
    let received = 0;
    let lastRead = from;
    let previous: { position: bigint; eventId?: string } | undefined;
    for await (const resolved of readPage(from, pageSize)) {
      received++;
      const position = positionOf(resolved);
      if (position === undefined) continue;
      const shared = sharedCommitPosition(position, resolved.event?.id, previous);
      if (shared) throw shared;
      previous = { position, eventId: resolved.event?.id };
      lastRead = exactPositionOf(resolved)!;
      if (position <= yielded) continue;
      yielded = position;
      yield resolved;
    }
    if (received < pageSize) return;
    // A full page that did not move forward would loop for ever; ESDB positions always grow.
    if (lastRead.commit === from.commit && lastRead.prepare === from.prepare) throw new Error(`readAll made no progress after position ${from.commit}`);
    from = lastRead;
  }
}
