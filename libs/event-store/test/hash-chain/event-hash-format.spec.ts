import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore } from '../../src/esdb/esdb-event-store';
import { canonicalEvent, ChainVerifier, hashEvent, SqliteEventStore, type EventStore, type HashableEvent, type NewEvent } from '../../src';
import { sealEvents } from '../../src/hash-chain/seal';
import { collect } from '../contract/fixtures';
import { FakeEsdbClient } from '../esdb/fake-esdb-client';

/**
 * One stream's first two events, with their canonical JSON and hash written out by hand (docs/formats.md).
 * The hashes come from `printf '%s' '<the JSON below>' | sha256sum`, cross-checked with Python's
 * json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False) — never from the code under test.
 */
const first: NewEvent = {
  id: '6f1c2a9e-0d4b-4e8a-9b7c-3e2f1a0b9c8d',
  type: 'ClusterFounded',
  data: { name: 'Klaster „Warmia”', clusterId: 'wm-kes', weight: 0.5, agreement: { version: 1, title: 'Porozumienie' } },
  metadata: { actor: 'p1', correlationId: 'cmd-1', causationId: 'cmd-1', recordedAt: '2014-11-21T10:00:00.000Z', schemaVersion: 1 },
};
const FIRST_JSON =
  '{"data":{"agreement":{"title":"Porozumienie","version":1},"clusterId":"wm-kes","name":"Klaster „Warmia”","weight":0.5},' +
  '"id":"6f1c2a9e-0d4b-4e8a-9b7c-3e2f1a0b9c8d",' +
  '"metadata":{"actor":"p1","causationId":"cmd-1","correlationId":"cmd-1","prevHash":null,"recordedAt":"2014-11-21T10:00:00.000Z","schemaVersion":1},' +
  '"revision":"0","streamId":"cluster-wm-kes","type":"ClusterFounded"}';
const FIRST_HASH = '0845d27932b237d3dc5173bc083663828600d9a18f7ee942a5eebeb34b3bdc5a';

const second: NewEvent = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  type: 'MemberAdmitted',
  // Keys sort by UTF-16 code units: "Zuzanna" (Z = 0x5A) before "admittedOn" (a = 0x61).
  data: { memberId: 'm2', votingWeight: 2, admittedOn: '2015-01-10', Zuzanna: 'ż' },
  metadata: { actor: 'p1', correlationId: 'corr-2', causationId: 'cmd-2', recordedAt: '2015-01-10T09:30:00.000Z', schemaVersion: 2 },
};
const SECOND_JSON =
  '{"data":{"Zuzanna":"ż","admittedOn":"2015-01-10","memberId":"m2","votingWeight":2},' +
  '"id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",' +
  `"metadata":{"actor":"p1","causationId":"cmd-2","correlationId":"corr-2","prevHash":"${FIRST_HASH}","recordedAt":"2015-01-10T09:30:00.000Z","schemaVersion":2},` +
  '"revision":"1","streamId":"cluster-wm-kes","type":"MemberAdmitted"}';
const SECOND_HASH = '5c82138a78f2841210ace451446ab118514e91e536a389401e551694a73b08dd';

const STREAM = 'cluster-wm-kes';
const hashable = (event: NewEvent, revision: bigint, prevHash: string | null): HashableEvent => ({
  id: event.id,
  streamId: STREAM,
  type: event.type,
  revision,
  data: event.data,
  metadata: { ...(event.metadata as Required<NewEvent['metadata']>), prevHash },
});

describe('event hash (format pinned by known answers)', () => {
  it('writes the RFC 8785 canonical JSON of id, streamId, type, revision (a decimal string), data and metadata with prevHash', () => {
    expect(canonicalEvent(hashable(first, 0n, null))).toBe(FIRST_JSON);
    expect(canonicalEvent(hashable(second, 1n, FIRST_HASH))).toBe(SECOND_JSON);
  });

  it('hashes it with sha256 (hex)', () => {
    expect(hashEvent(hashable(first, 0n, null))).toBe(FIRST_HASH);
    expect(hashEvent(hashable(second, 1n, FIRST_HASH))).toBe(SECOND_HASH);
  });

  it('changes with every field it covers', () => {
    const base = hashable(second, 1n, FIRST_HASH);
    const variants: HashableEvent[] = [
      { ...base, id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e' },
      { ...base, streamId: 'cluster-wm-kes2' },
      { ...base, type: 'MemberAdmitted2' },
      { ...base, revision: 2n },
      { ...base, data: { ...(base.data as object), votingWeight: 3 } },
      ...(['actor', 'correlationId', 'causationId', 'recordedAt'] as const).map((field) => ({ ...base, metadata: { ...base.metadata, [field]: `${base.metadata[field]}x` } })),
      { ...base, metadata: { ...base.metadata, schemaVersion: 3 } },
      { ...base, metadata: { ...base.metadata, prevHash: null } },
    ];
    for (const variant of variants) expect(hashEvent(variant)).not.toBe(SECOND_HASH);
  });

  it('seals a stream as a chain: revision 0 links to null, each next event to the hash before it', () => {
    const sealed = sealEvents(STREAM, [first, second], undefined, '2030-01-01T00:00:00.000Z');
    expect(sealed.map((s) => [s.revision, s.prevHash, s.hash])).toEqual([
      [0n, null, FIRST_HASH],
      [1n, FIRST_HASH, SECOND_HASH],
    ]);
    // Continuing after a head gives the same link as sealing both at once.
    expect(sealEvents(STREAM, [second], { revision: 0n, hash: FIRST_HASH }, '2030-01-01T00:00:00.000Z')[0].hash).toBe(SECOND_HASH);
  });

  it('leaves the global position out: the verifier accepts the known hashes at any position', () => {
    const verifier = new ChainVerifier();
    const recorded = (e: NewEvent, revision: bigint, position: bigint, prevHash: string | null, hash: string) => ({
      ...hashable(e, revision, prevHash),
      position,
      metadata: { ...hashable(e, revision, prevHash).metadata, hash },
    });
    verifier.check(recorded(first, 0n, 7n, null, FIRST_HASH));
    verifier.check(recorded(second, 1n, 123_456n, FIRST_HASH, SECOND_HASH));
    expect(verifier.report()).toMatchObject({ ok: true, eventsChecked: 2, streamsChecked: 1 });
  });

  describe.each<[string, () => Promise<{ store: EventStore; done: () => Promise<void> }>]>([
    [
      'the embedded store',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'klaster-format-'));
        const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite'), now: () => new Date('2030-01-01T00:00:00.000Z') });
        return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
      },
    ],
    [
      'the EventStoreDB adapter',
      async () => {
        const store = EsdbEventStore.withClient(new FakeEsdbClient().asClient(), { now: () => new Date('2030-01-01T00:00:00.000Z') });
        return { store, done: () => store.close() };
      },
    ],
  ])('as %s stores it', (_name, open) => {
    it('records the known hashes in each event’s metadata', async () => {
      const { store, done } = await open();
      try {
        await store.append(STREAM, [first], { expectedRevision: 'no_stream' });
        await store.append(STREAM, [second], { expectedRevision: 0n });
        const stored = await collect(store.readStream(STREAM));
        expect(stored.map((e) => [e.metadata.prevHash, e.metadata.hash])).toEqual([
          [null, FIRST_HASH],
          [FIRST_HASH, SECOND_HASH],
        ]);
      } finally {
        await done();
      }
    });
  });
});
