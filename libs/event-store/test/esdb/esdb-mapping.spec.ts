import type { AllStreamResolvedEvent, EventData } from '@eventstore/db-client';
import { ChainVerifier, hashEvent, UnsupportedServer } from '../../src';
import {
  appendBytes,
  sealEvents,
  toAppendResult,
  toPortMetadata,
  toReadPosition,
  toReadRevision,
  toRecordedEvent,
} from '../../src/esdb/esdb-mapping';
import { newEvent, newEvents } from '../contract/fixtures';
import { NO_POSITION_BEFORE_22_10, resolvedAsSent, type StoredRecord } from './client-messages';

/** What the server would hand back for a sealed event written at this revision and position. */
function asStored(streamId: string, sealed: EventData, revision: bigint, position: bigint): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: sealed.id,
      revision,
      type: sealed.type,
      data: JSON.parse(JSON.stringify(sealed.data)),
      metadata: JSON.parse(JSON.stringify(sealed.metadata)),
      isJson: true,
      created: new Date('2025-01-01T00:00:00Z'),
      position: { commit: position, prepare: position },
    },
    commitPosition: position,
  } as AllStreamResolvedEvent;
}

describe('sealEvents', () => {
  it('starts a new stream at revision 0 with no prevHash and links each event to the previous one', () => {
    const events = newEvents(3);
    const sealed = sealEvents('meeting-1', events, undefined, '2025-03-01T10:00:00.000Z');
    const metadata = sealed.map((e) => e.metadata as Record<string, unknown>);
    expect(metadata[0].prevHash).toBeNull();
    expect(metadata[1].prevHash).toBe(metadata[0].hash);
    expect(metadata[2].prevHash).toBe(metadata[1].hash);
    expect(metadata[0].hash).toBe(
      hashEvent({
        id: events[0].id,
        streamId: 'meeting-1',
        type: events[0].type,
        revision: 0n,
        data: events[0].data,
        metadata: { actor: 'person-1', correlationId: 'corr-1', causationId: 'cause-1', recordedAt: '2025-03-01T10:00:00.000Z', schemaVersion: 1, prevHash: null },
      }),
    );
  });

  it('continues an existing chain from the head revision and hash', () => {
    const [sealed] = sealEvents('meeting-1', [newEvent()], { revision: 6n, hash: 'abc' }, '2025-03-01T10:00:00.000Z');
    const metadata = sealed.metadata as Record<string, unknown>;
    expect(metadata.prevHash).toBe('abc');
    const { hash, $correlationId, $causationId, ...unsealed } = metadata;
    expect(hash).toBe(hashEvent({ ...newEventFields(sealed), streamId: 'meeting-1', revision: 7n, metadata: unsealed as never }));
    expect({ $correlationId, $causationId }).toEqual({ $correlationId: 'corr-1', $causationId: 'cause-1' });
  });

  it("keeps the writer's recordedAt and schemaVersion and stores JSON content", () => {
    const event = newEvent('Voted', 42);
    event.metadata = { ...event.metadata, recordedAt: '2020-01-01T00:00:00Z', schemaVersion: 3 };
    const [sealed] = sealEvents('s-1', [event], undefined, '2025-03-01T10:00:00.000Z');
    expect(sealed).toMatchObject({ id: event.id, type: 'Voted', contentType: 'application/json', data: 42 });
    expect(sealed.metadata).toMatchObject({ recordedAt: '2020-01-01T00:00:00Z', schemaVersion: 3 });
  });

  it('round-trips through the stored shape into a chain the verifier accepts', () => {
    const first = sealEvents('s-1', newEvents(2), undefined, '2025-03-01T10:00:00.000Z');
    const head = toRecordedEvent(asStored('s-1', first[1], 1n, 200n))!;
    const second = sealEvents('s-1', newEvents(2), { revision: head.revision, hash: head.metadata.hash }, '2025-03-01T10:01:00.000Z');
    const stored = [...first, ...second].map((e, i) => toRecordedEvent(asStored('s-1', e, BigInt(i), BigInt(100 + i * 100)))!);
    const verifier = new ChainVerifier();
    stored.forEach((e) => verifier.check(e));
    expect(verifier.report()).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 1 });
  });
});

function newEventFields(sealed: EventData) {
  return { id: sealed.id, type: sealed.type, data: sealed.data as never };
}

describe('toRecordedEvent', () => {
  const [sealed] = sealEvents('s-1', [newEvent('Opened', { title: 'Zebranie' })], undefined, '2025-03-01T10:00:00.000Z');

  it('maps revision and commit position to bigints and strips ESDB-only metadata keys', () => {
    const event = toRecordedEvent(asStored('s-1', sealed, 0n, 4242n))!;
    expect(event).toMatchObject({ id: sealed.id, type: 'Opened', streamId: 's-1', revision: 0n, position: 4242n, data: { title: 'Zebranie' } });
    expect(Object.keys(event.metadata).sort()).toEqual(['actor', 'causationId', 'correlationId', 'hash', 'prevHash', 'recordedAt', 'schemaVersion']);
  });

  it('accepts numbers where bigints were declared (the successor client)', () => {
    const resolved = asStored('s-1', sealed, 0n, 0n);
    Object.assign(resolved.event!, { revision: 5, position: { commit: 77, prepare: 77 } });
    const event = toRecordedEvent(resolved)!;
    expect(event.revision).toBe(5n);
    expect(event.position).toBe(77n);
  });

  it("falls back to the resolved event's commit position and skips an unresolved link", () => {
    const resolved = asStored('s-1', sealed, 0n, 0n);
    Object.assign(resolved.event!, { position: undefined });
    resolved.commitPosition = 900n;
    expect(toRecordedEvent(resolved)!.position).toBe(900n);
    expect(toRecordedEvent({ commitPosition: 1n })).toBeUndefined();
    resolved.commitPosition = undefined;
    expect(() => toRecordedEvent(resolved)).toThrow(
      `EventStoreDB returned event ${sealed.id} of stream 's-1' without its position (none): Klaster needs EventStoreDB 23.10 or later`,
    );
  });

  describe("on the client's own conversion of the server's messages", () => {
    const record: StoredRecord = { streamId: 's-1', id: sealed.id, revision: 3n, type: 'Opened', data: sealed.data, metadata: sealed.metadata, position: 4242n };

    it('takes the position inside the record of a stream read (22.10+), where nothing is beside it', () => {
      const resolved = resolvedAsSent(record, { besidePosition: false });
      expect(resolved.commitPosition).toBeUndefined();
      expect(toRecordedEvent(resolved)).toMatchObject({ revision: 3n, position: 4242n });
    });

    it('refuses a stream read from a server before 22.10 (2^64−1 inside the record), naming the event', () => {
      const resolved = resolvedAsSent(record, { recordPosition: NO_POSITION_BEFORE_22_10 });
      // What the client hands over: a "position" no log has, which used to be taken as the event's.
      expect(resolved.event!.position!.commit).toBe(2n ** 64n - 1n);
      expect(() => toRecordedEvent(resolved)).toThrow(UnsupportedServer);
      expect(() => toRecordedEvent(resolved)).toThrow(new RegExp(`${sealed.id} of stream 's-1'.*23\\.10`));
      expect(() => toRecordedEvent(resolved)).toThrow(`without its position (${NO_POSITION_BEFORE_22_10})`);
    });

    it('refuses a record whose position the server left out, which the client reports as 0', () => {
      const resolved = resolvedAsSent(record, { recordPosition: 'absent' });
      expect(resolved.event!.position!.commit).toBe(0n);
      expect(() => toRecordedEvent(resolved)).toThrow(UnsupportedServer);
    });

    it('falls back to the position beside the record in a read of $all', () => {
      const resolved = resolvedAsSent(record, { recordPosition: 'absent', besidePosition: true });
      expect(toRecordedEvent(resolved)!.position).toBe(4242n);
    });
  });

  it('gives a foreign event neutral metadata and binary data as base64', () => {
    const created = new Date('2024-05-05T05:05:05.000Z');
    expect(toPortMetadata(undefined, created)).toEqual({
      actor: '', correlationId: '', causationId: '', recordedAt: created.toISOString(), schemaVersion: 1, prevHash: null, hash: '',
    });
    const neutral = { actor: '', correlationId: '', causationId: '', recordedAt: created.toISOString(), schemaVersion: 1, prevHash: null, hash: '' };
    // JSON null, and binary metadata the client hands over as bytes.
    expect(toPortMetadata(null, created)).toEqual(neutral);
    expect(toPortMetadata(new Uint8Array([123, 125]), created)).toEqual(neutral);
    const resolved = asStored('s-1', sealed, 0n, 1n);
    Object.assign(resolved.event!, { isJson: false, data: new Uint8Array([1, 2, 3]) });
    expect(toRecordedEvent(resolved)!.data).toBe('AQID');
  });
});

describe('revision and position conversion', () => {
  it.each([
    [undefined, 'forwards', 'start'],
    [undefined, 'backwards', 'end'],
    ['start', 'backwards', 'end'],
    ['end', 'forwards', 'end'],
    [7n, 'backwards', 7n],
  ] as const)('from %p %s reads from %p', (from, direction, expected) => {
    expect(toReadRevision(from, direction)).toBe(expected);
  });

  it('maps START to the client START and any other position to equal commit and prepare', () => {
    expect(toReadPosition(0n)).toBe('start');
    expect(toReadPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it("converts the client's append result, and reports a missing or negative position as unknown", () => {
    expect(toAppendResult({ nextExpectedRevision: 4, position: { commit: 5000 } })).toEqual({ nextRevision: 4n, position: 5000n });
    expect(toAppendResult({ nextExpectedRevision: 4n })).toBeUndefined();
    expect(toAppendResult({ nextExpectedRevision: 4n, position: { commit: -1n } })).toBeUndefined();
    expect(toAppendResult({ nextExpectedRevision: 0n, position: { commit: 1n } })).toEqual({ nextRevision: 0n, position: 1n });
  });
});

describe('toPortMetadata', () => {
  it("keeps the act's occurredAt and reference when the writer gave them", () => {
    const metadata = toPortMetadata(
      { actor: 'a', correlationId: 'c', causationId: 'k', recordedAt: '2026-01-02T00:00:00.000Z', occurredAt: '2026-01-01T12:00:00.000Z', reference: 'uchwała 7/2026', schemaVersion: 2, prevHash: 'p', hash: 'h' },
      new Date(),
    );
    expect(metadata).toEqual({
      actor: 'a', correlationId: 'c', causationId: 'k', recordedAt: '2026-01-02T00:00:00.000Z', occurredAt: '2026-01-01T12:00:00.000Z',
      reference: 'uchwała 7/2026', schemaVersion: 2, prevHash: 'p', hash: 'h',
    });
  });
});

describe('appendBytes (what an oversized append is reported with)', () => {
  it('counts the UTF-8 bytes of each event’s data and metadata as JSON, and null for absent metadata', () => {
    const events = [
      { id: 'a', type: 'T', contentType: 'application/json', data: { text: 'żółw' }, metadata: { actor: 'ą' } },
      { id: 'b', type: 'T', contentType: 'application/json', data: [1, 2], metadata: undefined },
    ] as EventData[];
    // {"text":"żółw"} is 18 bytes, {"actor":"ą"} 14, [1,2] 5, null 4.
    expect(appendBytes(events)).toBe(18 + 14 + 5 + 4);
    expect(appendBytes([])).toBe(0);
  });
});
