import { WrongExpectedVersion } from './errors';
import type { ExpectedRevision, StreamRevision } from './types';

/** Throws WrongExpectedVersion unless the stream's actual revision (undefined: no stream) meets the expectation. */
export function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: StreamRevision | undefined,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedVersion(streamId, expected, actual ?? 'no_stream');
}
