import { join } from 'node:path';
import { ReadModelsLock } from '@klaster/projections/store/read-models-lock';

export const readModelsPath = (dataDir: string) => join(dataDir, 'read-models.sqlite');

/**
 * Throws ReadModelsInUse (naming the holder) when another process — a server, a rebuild, the demo
 * loader — holds the read models of this data folder; takes and releases the lock otherwise. Entry
 * points call it first, so the refusal is one clear message; the lock the server then holds for its
 * whole life is what actually keeps a second projection runner out.
 */
export function ensureReadModelsFree(dataDir: string): void {
  new ReadModelsLock(readModelsPath(dataDir), 'a start-up check').release();
}
