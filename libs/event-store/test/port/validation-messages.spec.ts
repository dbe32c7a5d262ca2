import { randomUUID } from 'node:crypto';
import { EventTooLarge, InvalidEventStoreInput } from '../../src/port/errors';
import { validateAppend, validateStreamId } from '../../src/port/validation';

/**
 * What the port says when it refuses an append (each message reaches a client through the server's
 * 400 answer), which expected revisions and instants it accepts, that the fast path for plain data never
 * lets through what the full check refuses, and the event size limit at its bound.
 */
const metadata = { actor: 'p1', correlationId: 'c1', causationId: 'c0' };
const event = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), type: 'MemberAdmitted', data: { a: 1 }, metadata, ...over });
const append = (events: unknown[], options: unknown = { expectedRevision: 'any' }, max = 1_000_000) => () => validateAppend('cluster-kl', events, options, max);

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('accepted');
}
const refusal = (run: () => void) => {
  const error = thrown(run);
  expect(error).toBeInstanceOf(InvalidEventStoreInput);
  return error as InvalidEventStoreInput;
};
const messages = (run: () => void) => refusal(run).issues.map((i) => `${i.path.join('.')}: ${i.message}`);

class Money {
  constructor(readonly amount: number) {}
}

describe('validateAppend: what a refusal says', () => {
  it('names the append and each field with its own message', () => {
    const error = refusal(append([event({ id: 'e-1', type: '', data: { at: Number.NaN } })]));
    expect(error.message.startsWith('Invalid append: ')).toBe(true);
    expect(messages(append([event({ id: 'e-1', type: '', data: { at: Number.NaN } })]))).toEqual(
      expect.arrayContaining([
        'events.0.id: event id must be a UUID',
        'events.0.type: event type must not be empty',
        'events.0.data: data must be JSON (objects, arrays, strings, finite numbers, booleans, null)',
      ]),
    );
  });

  it('says which expected revisions there are', () => {
    expect(messages(append([event()], { expectedRevision: 'latest' }))).toContain(
      "options.expectedRevision: expectedRevision must be 'any', 'no_stream', 'stream_exists' or a non-negative bigint",
    );
  });

  it('names the stream id refusal as such', () => {
    expect(refusal(() => validateStreamId('')).message.startsWith('Invalid stream id: ')).toBe(true);
  });
});

describe('validateAppend: what it accepts', () => {
  it.each([['any'], ['no_stream'], ['stream_exists'], [0n], [41n]])('expected revision %p', (expectedRevision) => {
    expect(append([event()], { expectedRevision })).not.toThrow();
  });

  it('instants with an offset as well as in UTC', () => {
    for (const at of ['2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00.123Z']) {
      expect(append([event({ metadata: { ...metadata, occurredAt: at, recordedAt: at } })])).not.toThrow();
    }
  });

  it('several events with different ids', () => {
    expect(append([event(), event(), event()])).not.toThrow();
  });
});

describe('validateAppend: the plain-data fast path lets nothing through that the full check refuses', () => {
  it.each([
    ['a Date as the whole data', new Date(0)],
    ['a class instance as the whole data', new Money(5)],
    ['a Map as the whole data', new Map([['a', 1]])],
  ])('refuses %s', (_what, data) => {
    expect(messages(append([event({ data })])).some((m) => m.startsWith('events.0.data:'))).toBe(true);
  });

  it('refuses a second event whose data is not JSON, though the first one is', () => {
    expect(messages(append([event(), event({ data: { at: new Date(0) } })])).some((m) => m.startsWith('events.1.data:'))).toBe(true);
  });

  it('accepts a document nested deeper than the fast path looks (the full check judges it)', () => {
    let deep: unknown = { leaf: true };
    for (let i = 0; i < 80; i++) deep = i % 2 ? { next: deep } : [deep];
    expect(append([event({ data: deep })])).not.toThrow();
  });

  it('accepts null, booleans and nested arrays as data', () => {
    for (const data of [null, true, false, [[1, [false, null]], { x: [true] }]]) expect(append([event({ data })])).not.toThrow();
  });
});

describe('validateAppend: the size of an event', () => {
  const sized = event({ data: { text: 'ż'.repeat(100) } });
  const bytes = Buffer.byteLength(JSON.stringify(sized.data)) + Buffer.byteLength(JSON.stringify(sized.metadata));

  it('accepts an event of exactly the limit, data and metadata counted in UTF-8', () => {
    expect(append([sized], undefined, bytes)).not.toThrow();
  });

  it('refuses one byte over it, naming the event, its size and the limit', () => {
    const error = thrown(append([event(), sized], undefined, bytes - 1));
    expect(error).toBeInstanceOf(EventTooLarge);
    expect(error).toMatchObject({ code: 'event_too_large', eventId: sized.id, bytes, limit: bytes - 1 });
  });
});
