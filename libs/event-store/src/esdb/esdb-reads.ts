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

/** Reads up to maxCount records of $all forwards, starting AT `from` (inclusive, as the client does). */
export type AllPageReader = (from: bigint, maxCount: number) => AsyncIterable<AllStreamResolvedEvent>;

export function positionOf(resolved: AllStreamResolvedEvent): bigint | undefined {
  const position = resolved.event?.position.commit ?? resolved.commitPosition;
  return position === undefined ? undefined : BigInt(position);
}

/**
 * Every record of $all strictly after `after`, read in pages so memory stays bounded. The client's readAll
 * includes the record at its start position while the port's fromPosition is exclusive, so each page
 * skips what is not strictly after where it started (the previous page's last record, or `after` itself).
 */
export async function* recordsAfter(readPage: AllPageReader, after: bigint, pageSize: number): AsyncGenerator<AllStreamResolvedEvent> {
  if (!Number.isInteger(pageSize) || pageSize < 2) throw new Error('pageSize must be an integer of at least 2: each page repeats one record');
  let from = after;
  for (;;) {
    let received = 0;
    let last = from;
    for await (const resolved of readPage(from, pageSize)) {
      received++;
      const position = positionOf(resolved);
      if (position === undefined || position <= from) continue;
      last = position;
      yield resolved;
    }
    if (received < pageSize) return;
    // A full page that did not move forward would loop for ever; ESDB positions always grow.
    if (last === from) throw new Error(`readAll made no progress after position ${from}`);
    from = last;
  }
}
