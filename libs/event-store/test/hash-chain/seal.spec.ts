import { sealEvents } from '../../src/hash-chain/seal';
import type { NewEvent } from '../../src';

/**
 * The optional metadata of an act (when it occurred, the paper it refers to) is sealed into its hash when
 * given and left out entirely when not — so events written before these fields existed hash as they did.
 * Hashes from `printf '%s' '<canonical JSON>' | sha256sum` (docs/formats.md), not from the code under test:
 *   with:    {"data":{"held":true},"id":"e-occ","metadata":{"actor":"p1","causationId":"c0","correlationId":"c1","occurredAt":"2026-02-27T18:00:00.000Z","prevHash":null,"recordedAt":"2026-03-01T10:00:00.000Z","reference":"protokół 3/2026","schemaVersion":1},"revision":"0","streamId":"meeting-1","type":"MeetingHeld"}
 *   without: {"data":{"held":true},"id":"e-occ","metadata":{"actor":"p1","causationId":"c0","correlationId":"c1","prevHash":null,"recordedAt":"2026-03-01T10:00:00.000Z","schemaVersion":1},"revision":"0","streamId":"meeting-1","type":"MeetingHeld"}
 */
const WITH_HASH = '907c3f8fc2949f0e5ef8509ec3755ef16b164e38c39bcae61f6a14d591b6b863';
const WITHOUT_HASH = '07c818331ba9b1a9ec44cf2d3f41e00060020147a1b9aa19de73a9263bae6ff3';
const RECORDED_AT = '2026-03-01T10:00:00.000Z';

const held = (extra: Partial<NewEvent['metadata']>): NewEvent => ({
  id: 'e-occ',
  type: 'MeetingHeld',
  data: { held: true },
  metadata: { actor: 'p1', correlationId: 'c1', causationId: 'c0', ...extra },
});

describe('sealEvents: optional occurredAt and reference', () => {
  it('seals occurredAt and reference into the metadata and the hash when given', () => {
    const [sealed] = sealEvents('meeting-1', [held({ occurredAt: '2026-02-27T18:00:00.000Z', reference: 'protokół 3/2026' })], undefined, RECORDED_AT);
    expect(sealed.metadata).toEqual({
      actor: 'p1',
      correlationId: 'c1',
      causationId: 'c0',
      recordedAt: RECORDED_AT,
      occurredAt: '2026-02-27T18:00:00.000Z',
      reference: 'protokół 3/2026',
      schemaVersion: 1,
    });
    expect(sealed.hash).toBe(WITH_HASH);
  });

  it('leaves them out (no key at all) when not given or empty, hashing as events without them always did', () => {
    for (const extra of [{}, { occurredAt: '', reference: '' }, { occurredAt: undefined, reference: undefined }]) {
      const [sealed] = sealEvents('meeting-1', [held(extra)], undefined, RECORDED_AT);
      expect(Object.keys(sealed.metadata)).toEqual(['actor', 'correlationId', 'causationId', 'recordedAt', 'schemaVersion']);
      expect(sealed.hash).toBe(WITHOUT_HASH);
    }
  });

  it('seals one without the other', () => {
    const [onlyOccurred] = sealEvents('meeting-1', [held({ occurredAt: '2026-02-27T18:00:00.000Z' })], undefined, RECORDED_AT);
    const [onlyReference] = sealEvents('meeting-1', [held({ reference: 'protokół 3/2026' })], undefined, RECORDED_AT);
    expect(onlyOccurred.metadata).toMatchObject({ occurredAt: '2026-02-27T18:00:00.000Z' });
    expect('reference' in onlyOccurred.metadata).toBe(false);
    expect(onlyReference.metadata).toMatchObject({ reference: 'protokół 3/2026' });
    expect('occurredAt' in onlyReference.metadata).toBe(false);
    expect(new Set([onlyOccurred.hash, onlyReference.hash, WITH_HASH, WITHOUT_HASH]).size).toBe(4);
  });
});
