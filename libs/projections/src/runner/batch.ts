import type { RecordedEvent } from '@klaster/event-store';
import type { Projection } from '../read-models/projection';
import type { ReadModelStore, StoredDocument } from '../store/read-model-store';

/**
 * One applied event and the documents it changed, as the runner announces it after committing. The
 * documents are the ones the fold goes on from: read them, never change them.
 */
export interface AppliedEvent {
  event: RecordedEvent;
  changes: StoredDocument[];
}

interface Pending {
  projection: Projection;
  key: string;
  doc: unknown;
}

/**
 * Events applied but not yet committed, with the documents they changed (latest version of each).
 * A batch that is not `tracking` (a rebuild: nobody listens) keeps no per-event record of the changes.
 */
export class Batch {
  private applied: AppliedEvent[] = [];
  private readonly pending = new Map<string, Pending>();
  private count = 0;
  lastPosition: bigint | undefined;

  constructor(
    private readonly models: ReadModelStore,
    private readonly tracking = true,
  ) {}

  get size(): number {
    return this.count;
  }

  apply(event: RecordedEvent, projections: Projection[]): void {
    const changes: StoredDocument[] | undefined = this.tracking ? [] : undefined;
    for (const projection of projections) {
      const key = projection.keyOf(event);
      if (key === undefined) continue;
      const id = `${projection.collection}\u0000${key}`;
      const pending = this.pending.get(id);
      const before = pending ? pending.doc : this.models.latest(projection.collection, key);
      const doc = projection.apply(before, event);
      if (pending) pending.doc = doc;
      else this.pending.set(id, { projection, key, doc });
      changes?.push({ collection: projection.collection, key, clusterId: projection.clusterIdOf(doc), doc });
    }
    if (changes) this.applied.push({ event, changes });
    this.count++;
    this.lastPosition = event.position;
  }

  /**
   * Writes the latest version of every document changed since the last commit, with the checkpoint
   * `upTo`, in one transaction, and starts afresh. Returns the events applied since (when tracking).
   */
  commit(name: string, upTo: bigint): AppliedEvent[] {
    const applied = this.applied;
    const writes: StoredDocument[] = [];
    for (const { projection, key, doc } of this.pending.values()) {
      writes.push({ collection: projection.collection, key, clusterId: projection.clusterIdOf(doc), doc, split: projection.splitAt });
    }
    this.applied = [];
    this.pending.clear();
    this.count = 0;
    this.lastPosition = undefined;
    this.models.commit(name, upTo, writes);
    return applied;
  }
}
