import { performance } from 'node:perf_hooks';
import { DamagedEvent, START, type EventStore } from '@klaster/event-store';
import { readModels } from '../read-models';
import type { Projection } from '../read-models/projection';
import { Batch } from '../runner/batch';
import { READ_MODELS_CHECKPOINT } from '../runner/projection-runner';
import type { DocumentDamage, ReadModelStore } from '../store/read-model-store';

/**
 * Events per transaction while rebuilding. Larger than the runner's catch-up batches: nothing waits on
 * a rebuild, and each document changed in a batch is encoded and written once per batch (a meeting
 * spans a few thousand events of the log while others run), so fewer, larger batches write less.
 */
export const REBUILD_BATCH_SIZE = 10_000;

export interface RebuildProgress {
  /** Events applied so far. */
  events: number;
  /** Position of the last event committed. */
  position: bigint;
  seconds: number;
}

export interface RebuildOptions {
  /** Checkpoint to write; the server's runner's by default, so a started server resumes after the rebuild. */
  name?: string;
  /** Events per transaction (documents and checkpoint together); REBUILD_BATCH_SIZE by default. */
  batchSize?: number;
  /** Called after the first committed batch, then at most every `progressIntervalMs`. */
  onProgress?: (progress: RebuildProgress) => void;
  progressIntervalMs?: number;
}

export interface RebuildResult {
  events: number;
  /** Position of the last event applied: the checkpoint now stored (undefined for an empty log). */
  position: bigint | undefined;
  seconds: number;
  eventsPerSecond: number;
  /** Documents left at their last good state: a damaged event of their stream, or a projection that could not apply one. */
  damaged: DocumentDamage[];
}

/**
 * Drops every read model and checkpoint of `models`, then folds the whole log into them again with
 * the runner's own batch (the same projections, the same commit of documents and checkpoint in one
 * transaction), reading the log with readAll up to its end. A damaged event stops only the
 * documents it was for, as in the runner (a projection that throws marks its document at once).
 * A rebuild that stops half-way leaves a consistent prefix and its checkpoint. The caller must hold
 * the read models alone: `rebuildReadModelsAside` builds into a new file and swaps it in only once
 * it is complete, which is what an operator runs.
 */
export async function rebuildReadModels(
  store: EventStore,
  models: ReadModelStore,
  projections: Projection[] = readModels,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const name = options.name ?? READ_MODELS_CHECKPOINT;
  const batchSize = options.batchSize ?? REBUILD_BATCH_SIZE;
  const interval = options.progressIntervalMs ?? 1_000;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1_000;
  models.reset();
  const batch = new Batch(models, false);
  let events = 0;
  let position: bigint | undefined;
  // The first batch is reported at once (an operator sees it started), then at most every interval.
  let reported = -Infinity;
  const commit = () => {
    const upTo = batch.lastPosition;
    if (upTo === undefined) return;
    batch.commit(name, upTo);
    position = upTo;
    if (options.onProgress && performance.now() - reported >= interval) {
      reported = performance.now();
      options.onProgress({ events, position, seconds: seconds() });
    }
  };
  const markDamaged = () => true;
  let after = START;
  for (let done = false; !done; ) {
    done = true;
    try {
      for await (const event of store.readAll({ fromPosition: after })) {
        batch.apply(event, projections, markDamaged);
        events++;
        if (batch.size >= batchSize) commit();
      }
    } catch (error) {
      if (!(error instanceof DamagedEvent)) throw error;
      batch.damage(error.damage, projections);
      // A read from a position is exclusive: go on right after the damaged event.
      after = error.damage.position;
      done = false;
    }
  }
  commit();
  const elapsed = seconds();
  return { events, position, seconds: elapsed, eventsPerSecond: elapsed > 0 ? events / elapsed : 0, damaged: models.damages() };
}
