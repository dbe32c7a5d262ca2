import type { EventStore } from '@klaster/event-store';
import type { Decider } from '@klaster/domain';
import { writerFor, type CommandOrBuilder, type CommandOutcome, type DomainEvent, type ExecuteOptions } from './stream-writer';

export { load } from './load-stream';
export type { CommandOrBuilder, CommandOutcome, DomainEvent, ExecuteOptions } from './stream-writer';

/**
 * The command handler's whole job: read the stream, fold, decide, append with the exact expected
 * revision — through the process's one writer per stream, so concurrent commands on a stream queue
 * (and those that arrive together are written together) instead of answering 409 to each other.
 * `command` may be a function of the state it is decided on, for facts that depend on that state
 * (a secret ballot is sealed only if its vote is still open when it is decided).
 */
export function executeOnStream<S, C, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<S, C, E>,
  parseEvent: (type: string, data: unknown) => E,
  streamId: string,
  command: CommandOrBuilder<S, C>,
  options: ExecuteOptions,
): Promise<CommandOutcome> {
  return writerFor(store).submit({ decider, parseEvent }, streamId, command, options);
}
