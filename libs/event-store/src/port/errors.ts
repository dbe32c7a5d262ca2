import type { ExpectedRevision, StreamRevision } from './types';
import { describeDamage, type EventDamage } from './damage';

/** Base of every error the port throws, so callers can map them to HTTP statuses in one place. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the revision the writer expected (HTTP 409). */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'wrong_expected_version';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream' when it has no events. */
    readonly actual: StreamRevision | 'no_stream',
  ) {
    super(`Stream '${streamId}' expected ${String(expected)} but is at ${String(actual)}`);
  }
}

export class StreamNotFound extends EventStoreError {
  readonly code = 'stream_not_found';
  constructor(readonly streamId: string) {
    super(`Stream '${streamId}' does not exist`);
  }
}

export interface InvalidInputIssue {
  path: (string | number)[];
  message: string;
}

/** The append or read was malformed (HTTP 400); nothing was written. */
export class InvalidEventStoreInput extends EventStoreError {
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly issues: InvalidInputIssue[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` : message);
  }
}

export class EventTooLarge extends EventStoreError {
  readonly code = 'event_too_large';
  constructor(
    readonly eventId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`Event ${eventId} is ${bytes} bytes, over the limit of ${limit}`);
  }
}

/**
 * An event id was already used by a different write (another stream, or another batch of this one).
 * A genuine retry re-sends the same ids to the same stream, which succeeds without writing.
 */
export class DuplicateEventId extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event id ${eventId} was already written by another append (stream '${streamId}')`);
  }
}

/**
 * The store's server cannot give what the port promises (EventStoreDB before 23.10: no position on
 * stream reads, no "caught up" in subscriptions). Not transient: every call fails the same way until the
 * server is upgraded.
 */
export class UnsupportedServer extends EventStoreError {
  readonly code = 'unsupported_server';
}

/** The store is closed or its connection dropped; subscriptions end with it so runners resubscribe. */
export class StoreUnavailable extends EventStoreError {
  readonly code = 'store_unavailable';
}

/**
 * A stored event is damaged: its bytes no longer match its hash, its link to the previous event of its
 * stream is broken, or it cannot be parsed. Reads stop at it (a read from `damage.position` goes on
 * after it); an append onto a damaged head is refused. Nothing is ever repaired in place.
 */
export class DamagedEvent extends EventStoreError {
  readonly code = 'record_damaged';
  constructor(readonly damage: EventDamage) {
    super(`The record is damaged: ${describeDamage(damage)}`);
  }
}
