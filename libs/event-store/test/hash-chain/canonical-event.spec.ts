import canonicalize from 'canonicalize';
import { canonicalEvent, type HashableEvent } from '../../src/hash-chain/hash-chain';

/** What the hash covered before the envelope was written by hand: the library over the whole object. */
const reference = (e: HashableEvent) =>
  canonicalize({ id: e.id, streamId: e.streamId, type: e.type, revision: e.revision.toString(), data: e.data, metadata: e.metadata });

const metadata = { actor: 'p-1', correlationId: 'c-1', causationId: 'c-0', recordedAt: '2026-11-23T10:00:00.000Z', schemaVersion: 2, prevHash: null };

describe('canonicalEvent', () => {
  it.each<[string, HashableEvent]>([
    ['a first event (prevHash null)', { id: 'e1', streamId: 'cluster-wm', type: 'ClusterFounded', revision: 0n, data: { b: 1, a: [3, { z: true, y: null }] }, metadata }],
    ['unicode, escapes and numbers', { id: 'é"\\', streamId: 'klaster-żółć', type: 'Ünïcode\n', revision: 12345678901234567890n, data: { 'ź': 'ą\u2028', '€': -0.000001, '1': 1e21, emoji: '🙂' }, metadata: { ...metadata, prevHash: 'a'.repeat(64), actor: 'Łukasz' } }],
    ['a string as data', { id: 'e2', streamId: 's', type: 'T', revision: 7n, data: 'plain', metadata }],
    ['metadata with an undefined field and a nested one', { id: 'e3', streamId: 's', type: 'T', revision: 1n, data: [], metadata: { ...metadata, extra: undefined, nested: { b: 1, a: 2 } } as never }],
  ])('writes the same bytes as canonicalising the whole event: %s', (_what, event) => {
    expect(canonicalEvent(event)).toBe(reference(event));
  });
});
