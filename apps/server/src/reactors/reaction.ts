import type { EventStore, RecordedEvent } from '@klaster/event-store';
import type { CommandOutcome, ExecuteOptions } from '../command-handling/execute-on-stream';

/**
 * Who acts when Klaster itself records a consequence. Not a valid person id (it starts with `$`), so
 * no token can carry it.
 */
export const SYSTEM_ACTOR = '$klaster';

/**
 * A reactor's reaction: an event of one stream leads to a command on another. It is handed every
 * event of its trigger types in log order, and must be idempotent: after a crash it may see an
 * event again, and the command it issues must then write nothing new.
 */
export interface Reaction {
  name: string;
  triggers: readonly string[];
  react(event: RecordedEvent, store: EventStore): Promise<CommandOutcome[]>;
}

/** Options for the command a reaction issues: the system acts, caused by the event, with event ids derived from it. */
export function reactionOptions(reaction: Reaction, event: RecordedEvent): ExecuteOptions {
  return {
    actor: SYSTEM_ACTOR,
    correlationId: event.metadata.correlationId,
    causationId: event.id,
    idempotencyKey: `reaction:${reaction.name}:${event.id}`,
  };
}
