import { DuplicateEventId } from '../../src';
import { placesOfRetry, retriedAtSlot, retriedAtTail } from '../../src/port/retried-append';

const stored = (id: string, revision: bigint) => ({ id, revision, position: revision * 10n });

describe('recognising a retried append (per stream, both adapters)', () => {
  describe('placesOfRetry', () => {
    const head = { id: 'c', revision: 5n };

    it('looks at the tail when the stream ends with the batch’s last id, if the stream is long enough', () => {
      expect(placesOfRetry(head, ['a', 'b', 'c'], 'any')).toEqual({ tail: 3n });
      expect(placesOfRetry(head, ['c'], 'stream_exists')).toEqual({ tail: 5n });
      expect(placesOfRetry({ id: 'c', revision: 1n }, ['a', 'b', 'c'], 'any')).toEqual({ tail: undefined });
    });

    it('looks at the slot an exact expectation named once the stream has moved past it', () => {
      expect(placesOfRetry(head, ['x', 'y'], 1n)).toEqual({ tail: undefined, slot: 2n });
      expect(placesOfRetry(head, ['x', 'y'], 'no_stream')).toEqual({ tail: undefined, slot: 0n });
      expect(placesOfRetry(head, ['x', 'y'], 4n)).toEqual({ tail: undefined, slot: undefined });
    });

    it('looks at the slot when the stream ends exactly where the batch would have ended', () => {
      // Expected 3: the batch would be revisions 4 and 5, and the head is 5.
      expect(placesOfRetry(head, ['x', 'y'], 3n)).toEqual({ tail: undefined, slot: 4n });
      expect(placesOfRetry({ id: 'b', revision: 1n }, ['a', 'b'], 'no_stream')).toEqual({ tail: 0n, slot: 0n });
    });

    it('reads nothing for a new append or a missing stream', () => {
      expect(placesOfRetry(head, ['x'], 5n)).toEqual({ tail: undefined, slot: undefined });
      expect(placesOfRetry(head, ['x'], 'any')).toEqual({ tail: undefined });
      expect(placesOfRetry(undefined, ['x'], 'no_stream')).toEqual({});
    });
  });

  describe('retriedAtTail', () => {
    const tail = [stored('a', 3n), stored('b', 4n), stored('c', 5n)];

    it('recognises a batch that is exactly the end of the stream, in order', () => {
      expect(retriedAtTail(tail, ['a', 'b', 'c'])).toEqual({ nextRevision: 5n, position: 50n });
      expect(retriedAtTail(tail.slice(1), ['b', 'c'])).toEqual({ nextRevision: 5n, position: 50n });
    });

    it('refuses a different order, a different id, or a tail shorter than the batch', () => {
      expect(retriedAtTail(tail, ['b', 'a', 'c'])).toBeUndefined();
      expect(retriedAtTail(tail, ['a', 'x', 'c'])).toBeUndefined();
      expect(retriedAtTail(tail.slice(1), ['a', 'b', 'c'])).toBeUndefined();
      // The stored events are only the start of the batch.
      expect(retriedAtTail(tail.slice(0, 2), ['a', 'b', 'c'])).toBeUndefined();
    });
  });

  describe('retriedAtSlot', () => {
    const slot = [stored('a', 0n), stored('b', 1n)];

    it('recognises the batch where it was expected', () => {
      expect(retriedAtSlot(slot, ['a', 'b'], 's-1')).toEqual({ nextRevision: 1n, position: 10n });
    });

    it('is no retry when someone else wrote there, and a DuplicateEventId when only part matches', () => {
      expect(retriedAtSlot(slot, ['x', 'b'], 's-1')).toBeUndefined();
      expect(() => retriedAtSlot(slot, ['a', 'x'], 's-1')).toThrow(DuplicateEventId);
      expect(() => retriedAtSlot(slot.slice(0, 1), ['a', 'b'], 's-1')).toThrow(DuplicateEventId);
    });

    it('is no retry when nothing is stored at the slot', () => {
      expect(retriedAtSlot([], ['a', 'b'], 's-1')).toBeUndefined();
    });

    it('names the reused id and the stream', () => {
      expect(() => retriedAtSlot(slot, ['a', 'x'], 's-1')).toThrow("Event id a was already written by another append (stream 's-1')");
    });
  });
});
