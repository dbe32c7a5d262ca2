import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { EventStore } from '@klaster/event-store';
import { READ_MODELS_CHECKPOINT, ReadModelStore, rebuildReadModels } from '@klaster/projections';

export interface ReadModelDifference {
  collection: string;
  key: string;
  /** missing: the live read models lack a document the log gives; extra: they hold one it does not; different: both, unlike. */
  kind: 'missing' | 'extra' | 'different';
  /** A unified diff, live against rebuilt (jsdiff). */
  patch: string;
}

export interface ComparisonResult {
  livePosition: bigint | undefined;
  rebuiltPosition: bigint | undefined;
  documents: number;
  differences: ReadModelDifference[];
}

const json = (doc: unknown) => `${JSON.stringify(doc, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;

/**
 * Rebuilds every read model from the log into a scratch file and compares it, document by document,
 * with the live read models (which the caller holds: the server must not be running on them).
 */
export async function compareReadModels(store: EventStore, live: ReadModelStore): Promise<ComparisonResult> {
  const dir = mkdtempSync(join(tmpdir(), 'klaster-compare-'));
  const scratch = new ReadModelStore(join(dir, 'read-models.sqlite'));
  try {
    const rebuilt = await rebuildReadModels(store, scratch);
    const differences: ReadModelDifference[] = [];
    let documents = 0;
    const collections = new Set([...live.collections(), ...scratch.collections()]);
    for (const collection of [...collections].sort()) {
      const a = new Map(live.all(collection).map((d) => [d.key, json(d.doc)]));
      const b = new Map(scratch.all(collection).map((d) => [d.key, json(d.doc)]));
      for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        documents++;
        const before = a.get(key);
        const after = b.get(key);
        if (before === after) continue;
        const kind = before === undefined ? 'missing' : after === undefined ? 'extra' : 'different';
        differences.push({ collection, key, kind, patch: createTwoFilesPatch(`live/${collection}/${key}`, `rebuilt/${collection}/${key}`, before ?? '', after ?? '') });
      }
    }
    return { livePosition: live.checkpoint(READ_MODELS_CHECKPOINT), rebuiltPosition: rebuilt.position, documents, differences };
  } finally {
    scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
