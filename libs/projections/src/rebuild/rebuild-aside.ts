import { renameSync, rmSync } from 'node:fs';
import type { EventStore } from '@klaster/event-store';
import { readModels } from '../read-models';
import type { Projection } from '../read-models/projection';
import { ReadModelStore, ReadModelsLock } from '../store/read-model-store';
import { rebuildReadModels, type RebuildOptions, type RebuildResult } from './rebuild-read-models';

/** Where a rebuild builds the next read models, beside the live file. */
export const asideOf = (path: string) => `${path}.rebuilding`;

function removeSqliteFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '.owner']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Rebuilds the read models at `path` without ever leaving them half done: holds the live file (so no
 * server, demo loader or other rebuild can use it meanwhile: ReadModelsInUse), folds the whole log
 * into a new file beside it, and only once that is complete renames it over the live one (an atomic
 * replacement). A failure or a crash at any point before leaves the previous read models as they
 * were, and the next rebuild starts its file afresh.
 */
export async function rebuildReadModelsAside(
  store: EventStore,
  path: string,
  projections: Projection[] = readModels,
  options: RebuildOptions & { role?: string } = {},
): Promise<RebuildResult> {
  const role = options.role ?? 'a read-model rebuild';
  const lock = new ReadModelsLock(path, role);
  const aside = asideOf(path);
  try {
    removeSqliteFile(aside);
    const next = new ReadModelStore(aside, { exclusive: true, role });
    let result: RebuildResult;
    try {
      result = await rebuildReadModels(store, next, projections, options);
    } catch (error) {
      next.close();
      removeSqliteFile(aside);
      throw error;
    }
    next.closeAsSingleFile();
    // No write-ahead log of the old file may lie beside the new one once it is in place.
    lock.retireWal();
    renameSync(aside, path);
    return result;
  } finally {
    lock.release();
  }
}
