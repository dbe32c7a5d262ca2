import { setImmediate as nextTurn } from 'node:timers/promises';
import { DamagedEvent } from '../port/errors';
import { START, type EventFilter, type EventStore, type GlobalPosition } from '../port/types';
import type { VerificationProblem, VerificationReport } from './hash-chain';

export interface VerifyLogOptions {
  /** Check only the events after this position (exclusive); each event's link to an earlier one is still checked. */
  fromPosition?: GlobalPosition;
  /** Stop after the event at this position (inclusive): a walk up to the head as it was when it began. */
  toPosition?: GlobalPosition;
  /** Called every `progressEvery` events and once at the end. */
  onProgress?: (progress: { eventsChecked: number; position: GlobalPosition }) => void;
  /** Called with each damaged event as soon as it is found. */
  onDamage?: (damage: VerificationProblem) => void;
  progressEvery?: number;
  /** Ends the walk early (the report then covers what was checked). */
  shouldStop?: () => boolean;
}

/**
 * Verifies the hash chains through the port (any adapter): reads the log with readAll, which checks
 * every event's hash and its link to the previous event of its stream, and goes on after each
 * damaged event so that one report names them all. Gives the event loop a turn every thousand events,
 * so a server verifying in the background keeps answering.
 */
export async function verifyLog(store: EventStore, filter?: EventFilter, options: VerifyLogOptions = {}): Promise<VerificationReport> {
  const problems: VerificationProblem[] = [];
  const streams = new Set<string>();
  const every = options.progressEvery ?? 1_000;
  let checked = 0;
  let after = options.fromPosition ?? START;
  let lastPosition: GlobalPosition | undefined;
  const beyond = (position: GlobalPosition) => options.toPosition !== undefined && position > options.toPosition;
  let done = false;
  while (!done) {
    done = true;
    try {
      for await (const event of store.readAll({ fromPosition: after, filter })) {
        if (beyond(event.position)) break;
        checked++;
        streams.add(event.streamId);
        lastPosition = after = event.position;
        if (checked % every === 0) {
          options.onProgress?.({ eventsChecked: checked, position: event.position });
          await nextTurn();
          if (options.shouldStop?.()) break;
        }
      }
    } catch (error) {
      if (!(error instanceof DamagedEvent)) throw error;
      if (beyond(error.damage.position)) break;
      checked++;
      streams.add(error.damage.streamId);
      problems.push(error.damage);
      options.onDamage?.(error.damage);
      // A read from a position is exclusive: go on right after the damaged event.
      lastPosition = after = error.damage.position;
      done = options.shouldStop?.() ?? false;
    }
  }
  if (lastPosition !== undefined) options.onProgress?.({ eventsChecked: checked, position: lastPosition });
  return { ok: problems.length === 0, eventsChecked: checked, streamsChecked: streams.size, problems, lastPosition };
}
