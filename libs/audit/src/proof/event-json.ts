import { z } from 'zod';
import { hashEvent, type JsonValue, type RecordedEvent } from '@klaster/event-store';

/** An event as it crosses JSON (exports, proofs): revision and position as decimal strings. */
export const eventJsonSchema = z.object({
  id: z.string(),
  streamId: z.string(),
  type: z.string(),
  revision: z.string().regex(/^\d+$/),
  position: z.string().regex(/^\d+$/),
  data: z.json(),
  metadata: z.looseObject({ hash: z.string(), prevHash: z.string().nullable() }),
});
export type EventJson = z.infer<typeof eventJsonSchema>;

export function eventToJson(event: RecordedEvent): EventJson {
  return { id: event.id, streamId: event.streamId, type: event.type, revision: event.revision.toString(), position: event.position.toString(), data: event.data, metadata: event.metadata as unknown as EventJson['metadata'] };
}

/** Recomputes an event's hash from what it carries (docs/formats.md); undefined when it cannot be. */
export function recomputedHash(event: EventJson): string | undefined {
  const { hash: _stored, ...metadata } = event.metadata;
  try {
    return hashEvent({ id: event.id, streamId: event.streamId, type: event.type, revision: BigInt(event.revision), data: event.data as JsonValue, metadata: metadata as never });
  } catch {
    return undefined;
  }
}
