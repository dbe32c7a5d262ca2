import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventTooLarge, InvalidEventStoreInput, StoreUnavailable, StreamNotFound, WrongExpectedVersion } from '../../src';
import { isStreamNotFound, isWrongExpectedVersion, toPortError } from '../../src/esdb/esdb-errors';

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
});
