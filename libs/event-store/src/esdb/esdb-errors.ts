import { ErrorType, isCommandError, type AppendExpectedRevision } from '@eventstore/db-client';
import {
  EventStoreError,
  EventTooLarge,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedVersion,
} from '../port/errors';
import type { ExpectedRevision } from '../port/types';

/** What the adapter knows about the failed call, so the port error names the caller's stream and expectation. */
export interface ErrorContext {
  streamId?: string;
  /** The caller's expectation (the adapter sends ESDB its own exact revision, which the caller never saw). */
  expected?: ExpectedRevision;
  /** For an append refused as too large: the first event and the batch's size as the adapter measured it. */
  firstEventId?: string;
  appendBytes?: number;
}

const UNAVAILABLE_TYPES: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  // The client reconnects to the new leader on the next call; to the caller this is a transient outage.
  ErrorType.NOT_LEADER,
]);

/**
 * Translates the client's errors into the port's typed errors; anything else (access denied, a stream
 * tombstoned by hand) passes through unchanged so it stays loud.
 */
export function toPortError(error: unknown, context: ErrorContext = {}): unknown {
  if (error instanceof EventStoreError) return error;
  if (!(error instanceof Error)) return error;
  // The client's gossip discovery gives up with a plain Error when no node answers.
  if (!isCommandError(error)) {
    return error.message.startsWith('Failed to discover') ? new StoreUnavailable(`EventStoreDB is unavailable: ${error.message}`) : error;
  }
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new WrongExpectedVersion(
        context.streamId ?? error.streamName,
        context.expected ?? toPortExpected(error.expectedVersion),
        error.actualVersion === 'no_stream' ? 'no_stream' : BigInt(error.actualVersion),
      );
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFound(context.streamId ?? error.streamName);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new EventTooLarge(context.firstEventId ?? 'unknown', context.appendBytes ?? 0, error.maxAppendSize);
    default:
      if (UNAVAILABLE_TYPES.has(error.type)) return new StoreUnavailable(`EventStoreDB is unavailable: ${error.message || error.type}`);
      return error;
  }
}

export function isWrongExpectedVersion(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;
}

/** The node that answered is not the leader (a leader change in a cluster, with nodePreference=leader). */
export function isNotLeader(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.NOT_LEADER;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}

function toPortExpected(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'string' ? expected : BigInt(expected);
}
