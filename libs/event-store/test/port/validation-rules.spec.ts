import { randomUUID } from 'node:crypto';
import { InvalidEventStoreInput, type InvalidInputIssue } from '../../src/port/errors';
import { MAX_EVENTS_PER_APPEND, MAX_EVENT_TYPE_LENGTH, MAX_STREAM_ID_LENGTH, validateAppend, validateMaxCount, validatePosition, validateStreamId } from '../../src/port/validation';

/**
 * Every rule of the port's input, each pinned by where the refusal points and what it says (a mutation
 * run found rules that no spec of their own pinned: an actor's bound, unique ids within an append).
 */
const event = (over: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'MemberAdmitted',
  data: { a: 1 },
  metadata: { actor: 'p1', correlationId: 'c1', causationId: 'c0', ...metadata },
  ...over,
});

function refusal(run: () => void): InvalidEventStoreInput {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventStoreInput);
    return error as InvalidEventStoreInput;
  }
  throw new Error('accepted');
}

const at = (issues: InvalidInputIssue[]) => issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('validateAppend: each rule', () => {
  const append = (events: unknown, streamId: unknown = 'cluster-kl', options: unknown = { expectedRevision: 'any' }) => () => validateAppend(streamId, events, options, 1_000_000);

  it('accepts a well-formed append at the bounds', () => {
    expect(append([event({ type: 'T'.repeat(MAX_EVENT_TYPE_LENGTH) }, { reference: 'r'.repeat(500), recordedAt: '2026-01-01T10:00:00+01:00' })], 's'.repeat(MAX_STREAM_ID_LENGTH))).not.toThrow();
    expect(append([event()], 'x', { expectedRevision: 0n })).not.toThrow();
  });

  it.each([
    ['an empty actor', [event({}, { actor: '' })], 'events.0.metadata.actor'],
    ['an empty correlation id', [event({}, { correlationId: '' })], 'events.0.metadata.correlationId'],
    ['an empty causation id', [event({}, { causationId: '' })], 'events.0.metadata.causationId'],
    ['an empty reference', [event({}, { reference: '' })], 'events.0.metadata.reference'],
    ['a reference over 500 characters', [event({}, { reference: 'r'.repeat(501) })], 'events.0.metadata.reference'],
    ['a recordedAt that is not an ISO instant', [event({}, { recordedAt: 'yesterday' })], 'events.0.metadata.recordedAt'],
    ['an occurredAt without an offset', [event({}, { occurredAt: '2026-01-01T10:00:00' })], 'events.0.metadata.occurredAt'],
    ['an empty event type', [event({ type: '' })], 'events.0.type'],
    ['an event type over the bound', [event({ type: 'T'.repeat(MAX_EVENT_TYPE_LENGTH + 1) })], 'events.0.type'],
    ['an id that is not a UUID', [event({ id: 'e-1' })], 'events.0.id'],
  ])('refuses %s, naming the field', (_what, events, path) => {
    expect(at(refusal(append(events)).issues).some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it('refuses an append without events, and one over the bound of events', () => {
    expect(at(refusal(append([])).issues)).toContain('events: an append needs at least one event');
    const many = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, () => event());
    expect(refusal(append(many)).issues.some((i) => i.path[0] === 'events')).toBe(true);
  });

  it('refuses two events with the same id in one append', () => {
    const one = event();
    expect(at(refusal(append([one, { ...one, type: 'Other' }])).issues)).toContain('events: event ids must be unique within an append');
  });

  it.each([
    ['a negative revision', { expectedRevision: -1n }],
    ['a number instead of a bigint', { expectedRevision: 3 }],
    ['an unknown word', { expectedRevision: 'latest' }],
  ])('refuses %s as the expected revision', (_what, options) => {
    expect(refusal(append([event()], 'cluster-kl', options)).issues.some((i) => i.path.join('.').startsWith('options.expectedRevision'))).toBe(true);
  });
});

describe('validateStreamId', () => {
  it.each([
    ['empty', '', 'stream id must not be empty'],
    ['over the bound', 's'.repeat(MAX_STREAM_ID_LENGTH + 1), `stream id must be at most ${MAX_STREAM_ID_LENGTH} characters`],
    ['a system stream', '$all', 'stream id must not start with $ (reserved for system streams)'],
    ['with a control character', 'cluster\u0007kl', 'stream id must not contain control characters'],
    ['not a string', 42, 'stream id must be a string'],
  ])('refuses one %s, saying why', (_what, id, message) => {
    expect(refusal(() => validateStreamId(id)).issues.map((i) => i.message)).toContain(message);
  });

  it('accepts a Polish id at the bound', () => {
    expect(() => validateStreamId('ł'.repeat(MAX_STREAM_ID_LENGTH))).not.toThrow();
  });
});

describe('validateMaxCount and validatePosition', () => {
  it.each([[-1], [1.5], ['10'], [Number.NaN]])('refuses maxCount %p', (n) => {
    expect(refusal(() => validateMaxCount(n)).message).toBe('maxCount must be a non-negative integer');
  });
  it('accepts maxCount 0, a positive integer, or none', () => {
    for (const n of [0, 7, undefined]) expect(() => validateMaxCount(n)).not.toThrow();
  });
  it.each([[-1n], [5], ['5']])('refuses position %p, naming it', (p) => {
    expect(refusal(() => validatePosition(p, 'fromPosition')).message).toBe('fromPosition must be a non-negative bigint');
  });
  it('accepts position 0n or none', () => {
    for (const p of [0n, undefined]) expect(() => validatePosition(p, 'fromPosition')).not.toThrow();
  });
});
