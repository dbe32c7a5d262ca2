import { canonicalData, canonicalEvent, hashEvent, type HashableEvent } from '../../src/hash-chain/hash-chain';

/**
 * The canonical JSON rules an event's hash rests on (RFC 8785, docs/formats.md), with the expected text
 * and hash written out by hand (the hash from `printf '%s' '<text>' | sha256sum`), never computed by the
 * code under test: nested metadata sorted at every level, undefined fields left out, and the values
 * RFC 8785 has no text for (NaN, ±Infinity, bigint, a function as the data) refused, not written as null.
 */
const PREV = 'a'.repeat(64);
const metadata = { actor: 'p1', correlationId: 'c1', causationId: 'c0', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, prevHash: PREV };
const event = (extra: Record<string, unknown>): HashableEvent => ({
  id: 'e1',
  streamId: 's',
  type: 'T',
  revision: 3n,
  data: { text: 'Zielonka „ż”', n: 1 },
  metadata: { ...metadata, ...extra } as HashableEvent['metadata'],
});
const envelope = (metadataJson: string) => `{"data":{"n":1,"text":"Zielonka „ż”"},"id":"e1","metadata":${metadataJson},"revision":"3","streamId":"s","type":"T"}`;
const PLAIN_METADATA = `{"actor":"p1","causationId":"c0","correlationId":"c1","prevHash":"${PREV}","recordedAt":"2026-01-01T00:00:00.000Z","schemaVersion":1}`;
const NESTED_JSON = envelope(
  `{"actor":"p1","causationId":"c0","correlationId":"c1","links":{"a":[{"c":1,"d":2}],"b":1},"prevHash":"${PREV}","recordedAt":"2026-01-01T00:00:00.000Z","schemaVersion":1}`,
);
const NESTED_HASH = 'd41f2a31ebcc0093f68d00bde3d33e5b2788fbf9364f4de7c042342310d1925d';

describe('canonical JSON of an event (the rules its hash rests on)', () => {
  it('sorts the keys of an object nested in the metadata, at every level, among flat fields (no null among them)', () => {
    const nested = event({ links: { b: 1, a: [{ d: 2, c: 1 }] } });
    expect(canonicalEvent(nested)).toBe(NESTED_JSON);
    expect(hashEvent(nested)).toBe(NESTED_HASH);
  });

  it('sorts a metadata made only of nested objects', () => {
    const onlyNested = { ...event({}), metadata: { z: { b: 2, a: 1 }, y: [{ d: 1, c: 2 }] } as never };
    expect(canonicalEvent(onlyNested)).toBe(envelope('{"y":[{"c":2,"d":1}],"z":{"a":1,"b":2}}'));
  });

  it('leaves out a field whose value is undefined, in the metadata and in the data', () => {
    expect(canonicalEvent(event({ occurredAt: undefined, reference: undefined }))).toBe(envelope(PLAIN_METADATA));
    expect(canonicalData({ id: 'e2', data: { b: undefined, a: 1 } as never })).toBe('{"a":1}');
  });

  it('writes null, booleans and numbers as RFC 8785 does', () => {
    expect(canonicalEvent(event({ flag: true, off: false, none: null, big: 1e21, small: -0.000001 }))).toBe(
      envelope(
        `{"actor":"p1","big":1e+21,"causationId":"c0","correlationId":"c1","flag":true,"none":null,"off":false,"prevHash":"${PREV}","recordedAt":"2026-01-01T00:00:00.000Z","schemaVersion":1,"small":-0.000001}`,
      ),
    );
  });

  it.each<[string, unknown, RegExp]>([
    ['NaN', NaN, /NaN is not allowed/],
    ['Infinity', Infinity, /Infinity is not allowed/],
    ['-Infinity', -Infinity, /Infinity is not allowed/],
    ['a bigint', 12n, /BigInt/],
  ])('refuses %s in the metadata instead of writing it as null', (_what, value, refusal) => {
    // The field sorts last and no null follows it, so nothing else decides how the metadata is written.
    expect(() => canonicalEvent(event({ weight: value }))).toThrow(refusal);
    expect(() => hashEvent(event({ weight: value }))).toThrow(refusal);
  });

  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /^Event e-9 cannot be canonicalised$/],
    ['a function', () => 1, /^Event e-9 cannot be canonicalised$/],
    ['NaN', NaN, /NaN is not allowed/],
    ['Infinity inside an object', { x: Infinity }, /Infinity is not allowed/],
  ])('refuses %s as the data, naming the event', (_what, data, refusal) => {
    expect(() => canonicalData({ id: 'e-9', data: data as never })).toThrow(refusal);
  });

  it('gives the same hash where Node has no one-shot crypto.hash (the Hash object fallback)', () => {
    jest.isolateModules(() => {
      jest.doMock('node:crypto', () => ({ ...jest.requireActual<object>('node:crypto'), hash: undefined }));
      const fallback = require('../../src/hash-chain/hash-chain') as typeof import('../../src/hash-chain/hash-chain');
      expect(fallback.hashEvent(event({ links: { b: 1, a: [{ d: 2, c: 1 }] } }))).toBe(NESTED_HASH);
    });
    jest.dontMock('node:crypto');
  });
});
