import {
  DamagedEvent,
  DuplicateEventId,
  EventTooLarge,
  InvalidEventStoreInput,
  occurredAtOf,
  StoreUnavailable,
  StreamNotFound,
  UnsupportedServer,
  WrongExpectedVersion,
  type EventDamage,
} from '../../src';
import { describeBreak, describeDamage } from '../../src/port/damage';

/**
 * The port's errors as a caller relies on them: the server maps each stable `code` to an HTTP answer
 * and a translated message, and logs the English message, which must name what went wrong.
 */
describe('the port errors', () => {
  it.each([
    [new WrongExpectedVersion('meeting-1', 3n, 5n), 'wrong_expected_version', 'WrongExpectedVersion'],
    [new StreamNotFound('meeting-1'), 'stream_not_found', 'StreamNotFound'],
    [new InvalidEventStoreInput('bad'), 'invalid_input', 'InvalidEventStoreInput'],
    [new EventTooLarge('e-1', 2_000_000, 1_048_576), 'event_too_large', 'EventTooLarge'],
    [new DuplicateEventId('e-1', 'meeting-1'), 'duplicate_event_id', 'DuplicateEventId'],
    [new UnsupportedServer('too old'), 'unsupported_server', 'UnsupportedServer'],
    [new StoreUnavailable('closed'), 'store_unavailable', 'StoreUnavailable'],
  ] as const)('%s carries the stable code %p', (error, code, name) => {
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
  });

  it('WrongExpectedVersion names the stream, the expectation and the actual revision', () => {
    expect(new WrongExpectedVersion('meeting-1', 3n, 5n).message).toBe("Stream 'meeting-1' expected 3 but is at 5");
    expect(new WrongExpectedVersion('meeting-2', 'stream_exists', 'no_stream').message).toBe("Stream 'meeting-2' expected stream_exists but is at no_stream");
  });

  it('StreamNotFound names the stream', () => {
    expect(new StreamNotFound('meeting-9').message).toBe("Stream 'meeting-9' does not exist");
  });

  it('EventTooLarge names the event, its bytes and the limit', () => {
    expect(new EventTooLarge('e-7', 2_000_000, 1_048_576).message).toBe('Event e-7 is 2000000 bytes, over the limit of 1048576');
  });

  it('DuplicateEventId names the reused id and the stream', () => {
    expect(new DuplicateEventId('e-3', 'meeting-4').message).toBe("Event id e-3 was already written by another append (stream 'meeting-4')");
  });

  describe('InvalidEventStoreInput', () => {
    it('is its message alone without issues', () => {
      const error = new InvalidEventStoreInput('Invalid append');
      expect(error.message).toBe('Invalid append');
      expect(error.issues).toEqual([]);
    });

    it('lists each issue with its dotted path, "(root)" for the input itself', () => {
      const issues = [
        { path: ['events', 0, 'metadata', 'actor'], message: 'Too long' },
        { path: [], message: 'Expected an array' },
      ];
      const error = new InvalidEventStoreInput('Invalid append', issues);
      expect(error.message).toBe('Invalid append: events.0.metadata.actor Too long; (root) Expected an array');
      expect(error.issues).toBe(issues);
    });
  });
});

describe('damage descriptions (what an operator reads)', () => {
  const at = { streamId: 'meeting-1', revision: 4n, eventId: 'e-4', position: 1200n };

  it.each([
    [{ kind: 'hash_mismatch', expected: 'a', stored: 'b' }, 'its stored bytes no longer match its hash'],
    [{ kind: 'broken_link', expectedPrevHash: 'a', storedPrevHash: 'b' }, 'its prevHash does not match the previous event of its stream'],
    [{ kind: 'revision_gap', missingRevision: 3n }, 'the event before it (revision 3) is missing'],
    [{ kind: 'unreadable', reason: 'Unexpected token' }, 'it cannot be parsed (Unexpected token)'],
  ] as const)('%p reads %p', (problem, sentence) => {
    expect(describeBreak(problem)).toBe(sentence);
    const damage: EventDamage = { ...at, problem };
    expect(describeDamage(damage)).toBe(`event e-4 of stream 'meeting-1' (revision 4, position 1200) is damaged: ${sentence}`);
    const error = new DamagedEvent(damage);
    expect(error.message).toBe(`The record is damaged: ${describeDamage(damage)}`);
    expect(error.code).toBe('record_damaged');
    expect(error.damage).toBe(damage);
  });
});

describe('occurredAtOf', () => {
  it("is the act's occurredAt, or when it was recorded for events written before acts carried it", () => {
    const metadata = { actor: 'a', correlationId: 'c', causationId: 'c', recordedAt: '2026-03-02T10:00:00.000Z', schemaVersion: 1, prevHash: null, hash: 'h' };
    expect(occurredAtOf({ metadata: { ...metadata, occurredAt: '2026-03-01T09:00:00.000Z' } })).toBe('2026-03-01T09:00:00.000Z');
    expect(occurredAtOf({ metadata })).toBe('2026-03-02T10:00:00.000Z');
  });
});
