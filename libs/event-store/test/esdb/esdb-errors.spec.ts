import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  TimeoutError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventTooLarge, InvalidEventStoreInput, StoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../../src';
import { isNotLeader, isStreamNotFound, isWrongExpectedVersion, toPortError } from '../../src/esdb/esdb-errors';
import { notLeaderError } from './client-messages';

describe('toPortError', () => {
  it("reports a conflict with the caller's expectation and the actual revision the server gave", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'meeting-1', expected: 3n, current: 5n });
    const mapped = toPortError(error, { streamId: 'meeting-1', expected: 3n });
    expect(mapped).toBeInstanceOf(WrongExpectedVersion);
    expect(mapped).toMatchObject({ streamId: 'meeting-1', expected: 3n, actual: 5n });
  });

  it("maps a missing stream's conflict to actual 'no_stream', and uses the server's view without context", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'meeting-2', expected: 'stream_exists', current: 'no_stream' });
    expect(toPortError(error)).toMatchObject({ streamId: 'meeting-2', expected: 'stream_exists', actual: 'no_stream' });
  });

  it('maps a missing stream to StreamNotFound for the stream the caller named', () => {
    const mapped = toPortError(new StreamNotFoundError(undefined, 'meeting-3'), { streamId: 'meeting-3' });
    expect(mapped).toBeInstanceOf(StreamNotFound);
    expect((mapped as StreamNotFound).streamId).toBe('meeting-3');
  });

  it('maps an oversized append to EventTooLarge with the server limit', () => {
    const mapped = toPortError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), { firstEventId: 'e-1', appendBytes: 2_000_000 });
    expect(mapped).toBeInstanceOf(EventTooLarge);
    expect(mapped).toMatchObject({ eventId: 'e-1', bytes: 2_000_000, limit: 1_048_576 });
  });

  it('maps an unreachable server, a deadline and a failed discovery to StoreUnavailable', () => {
    expect(toPortError(new UnavailableError(undefined, 'connection refused'))).toBeInstanceOf(StoreUnavailable);
    expect(toPortError(new DeadlineExceededError())).toBeInstanceOf(StoreUnavailable);
    expect(toPortError(new Error('Failed to discover after 10 attempts.'))).toBeInstanceOf(StoreUnavailable);
  });

  it('passes through what the port has no name for, and its own errors unchanged', () => {
    const denied = new AccessDeniedError();
    expect(toPortError(denied)).toBe(denied);
    const plain = new Error('boom');
    expect(toPortError(plain)).toBe(plain);
    const own = new InvalidEventStoreInput('bad');
    expect(toPortError(own)).toBe(own);
  });

  it('recognises the client errors the adapter branches on', () => {
    expect(isWrongExpectedVersion(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'any', current: 1n }))).toBe(true);
    expect(isWrongExpectedVersion(new StreamNotFoundError(undefined, 's'))).toBe(false);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new StreamNotFound('s'))).toBe(false);
  });

  it('reports an oversized append it has no context for as an unknown event of 0 bytes, with the server limit', () => {
    const mapped = toPortError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576));
    expect(mapped).toMatchObject({ code: 'event_too_large', eventId: 'unknown', bytes: 0, limit: 1_048_576 });
  });

  it.each([
    ['an unreachable node', () => new UnavailableError(undefined, 'connection refused'), 'connection refused'],
    ['a deadline', () => new DeadlineExceededError(), 'deadline-exceeded'],
    ['a timeout', () => new TimeoutError(), 'timeout'],
    ['a cancelled call', () => new CancelledError(), 'cancelled'],
    ['a follower answering NOT_LEADER', () => notLeaderError(), '5 NOT_FOUND: Leader info available'],
  ])('maps %s to StoreUnavailable (503), naming what the client said or, without a message, the error type', (_, make, said) => {
    const mapped = toPortError(make());
    expect(mapped).toBeInstanceOf(StoreUnavailable);
    expect(mapped).toMatchObject({ code: 'store_unavailable', message: `EventStoreDB is unavailable: ${said}` });
  });

  it('names the failed discovery in its StoreUnavailable', () => {
    expect(toPortError(new Error('Failed to discover after 10 attempts.'))).toMatchObject({
      code: 'store_unavailable',
      message: 'EventStoreDB is unavailable: Failed to discover after 10 attempts.',
    });
  });

  it("passes the port's own errors through as they are, whatever their message says", () => {
    const own = new StoreUnavailable('Failed to discover the node (already mapped)');
    expect(toPortError(own, { streamId: 'm-1' })).toBe(own);
  });

  it('tells a missing stream and a NOT_LEADER answer apart from the other client errors', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'any', current: 1n });
    expect(isStreamNotFound(conflict)).toBe(false);
    expect(isStreamNotFound(new AccessDeniedError())).toBe(false);
    expect(isNotLeader(notLeaderError())).toBe(true);
    expect(isNotLeader(new UnavailableError(undefined, 'down'))).toBe(false);
  });
});
