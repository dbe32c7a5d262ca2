import { z } from 'zod';
import { EventTooLarge, InvalidEventStoreInput } from './errors';
import type { AppendOptions, NewEvent } from './types';

export const MAX_STREAM_ID_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 200;
/** Per event, data plus metadata as UTF-8 JSON; EventStoreDB's default append limit is 1 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 1_000_000;
export const MAX_EVENTS_PER_APPEND = 10_000;

export const streamIdSchema = z
  .string({ error: 'stream id must be a string' })
  .min(1, 'stream id must not be empty')
  .max(MAX_STREAM_ID_LENGTH, `stream id must be at most ${MAX_STREAM_ID_LENGTH} characters`)
  // `$` starts EventStoreDB's system streams; control characters make ids unprintable in audits.
  .refine((s) => !s.startsWith('$'), 'stream id must not start with $ (reserved for system streams)')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'stream id must not contain control characters');

const expectedRevisionSchema = z.union(
  [z.enum(['any', 'no_stream', 'stream_exists']), z.bigint().nonnegative()],
  { error: "expectedRevision must be 'any', 'no_stream', 'stream_exists' or a non-negative bigint" },
);

const jsonValueSchema = z.json();

const newEventSchema = z.object({
  id: z.uuid({ error: 'event id must be a UUID' }),
  type: z.string().min(1, 'event type must not be empty').max(MAX_EVENT_TYPE_LENGTH),
  // z.json() reports a value it refuses as "Invalid input" (its error option reaches only its string
  // branch): the refusal says what data must be instead.
  data: z.unknown().refine((data) => jsonValueSchema.safeParse(data).success, { error: 'data must be JSON (objects, arrays, strings, finite numbers, booleans, null)' }),
  metadata: z.object({
    actor: z.string().min(1),
    correlationId: z.string().min(1),
    causationId: z.string().min(1),
    recordedAt: z.iso.datetime({ offset: true }).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    reference: z.string().min(1).max(500).optional(),
    schemaVersion: z.number().int().positive().optional(),
  }),
});

const appendSchemaWith = (event: z.ZodType) =>
  z.object({
    streamId: streamIdSchema,
    events: z
      .array(event)
      .min(1, 'an append needs at least one event')
      .max(MAX_EVENTS_PER_APPEND)
      .refine((events) => new Set(events.map((e) => (e as { id: string }).id)).size === events.length, 'event ids must be unique within an append'),
    options: z.object({ expectedRevision: expectedRevisionSchema }),
  });
const appendSchema = appendSchemaWith(newEventSchema);
/** The same envelope, its data checked apart by isPlainJson (z.json walks a document several times slower). */
const envelopeSchema = appendSchemaWith(newEventSchema.extend({ data: z.unknown() }));

/**
 * True only for what z.json() accepts too: strings, finite numbers, booleans, null, arrays and plain
 * objects of those. Anything else (or anything nested too deep) is left to zod to judge and explain.
 */
function isPlainJson(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > 64) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

function toIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/** Throws InvalidEventStoreInput with every zod issue; EventTooLarge for an oversized event. */
export function validateAppend(streamId: unknown, events: unknown, options: unknown, maxEventBytes: number): void {
  const input = { streamId, events, options };
  const fast = envelopeSchema.safeParse(input).success && (events as { data: unknown }[]).every((e) => isPlainJson(e.data));
  if (!fast) {
    const parsed = appendSchema.safeParse(input);
    if (!parsed.success) throw new InvalidEventStoreInput('Invalid append', toIssues(parsed.error));
  }
  for (const event of events as NewEvent[]) {
    const bytes = Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
    if (bytes > maxEventBytes) throw new EventTooLarge(event.id, bytes, maxEventBytes);
  }
}

export function validateStreamId(streamId: unknown): asserts streamId is string {
  const parsed = streamIdSchema.safeParse(streamId);
  if (!parsed.success) throw new InvalidEventStoreInput('Invalid stream id', toIssues(parsed.error));
}

export function validateMaxCount(maxCount: unknown): void {
  if (maxCount === undefined) return;
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 0) {
    throw new InvalidEventStoreInput('maxCount must be a non-negative integer');
  }
}

export function validatePosition(position: unknown, name: string): void {
  if (position === undefined) return;
  if (typeof position !== 'bigint' || position < 0n) {
    throw new InvalidEventStoreInput(`${name} must be a non-negative bigint`);
  }
}

export type { AppendOptions };
