import type { EventDamage, RecordedEvent } from '@klaster/event-store';
import type { Projection } from '../read-models/projection';
import type { SplitPath } from '../store/document-parts';
import type { ReadModelStore, StoredDocument } from '../store/read-model-store';
import { NO_READ_MODEL, type DocumentDamage, type DocumentDamageProblem } from '../store/document-damage';

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
  /** The split entries the events applied since the last commit changed, when the projection names them (else undefined: compare all). */
  touched: SplitPath[] | undefined;
}

/** A projection threw on an event: the batch is abandoned (see ProjectionRunner for what follows). */
export class ProjectionFailed extends Error {
  constructor(
    readonly collection: string,
    readonly key: string,
    readonly event: RecordedEvent,
    readonly failure: unknown,
  ) {
    super(`The ${collection} read model could not apply event ${event.id} of '${event.streamId}' (position ${event.position}): ${(failure as Error)?.message ?? failure}`);
    this.name = 'ProjectionFailed';
  }
}

const docId = (collection: string, key: string) => `${collection}\u0000${key}`;

/**
 * Events applied but not yet committed, with the documents they changed (latest version of each),
 * and the documents found damaged meanwhile. A batch that is not `tracking` (a rebuild: nobody
 * listens) keeps no per-event record of the changes.
 */
export class Batch {
  private applied: AppliedEvent[] = [];
  private readonly pending = new Map<string, Pending>();
  private damages = new Map<string, DocumentDamage>();
  private count = 0;
  lastPosition: bigint | undefined;

  constructor(
    private readonly models: ReadModelStore,
    private readonly tracking = true,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The damaged documents this batch will commit (found since the last commit). */
  get damaged(): DocumentDamage[] {
    return [...this.damages.values()];
  }

  /**
   * Applies the event to each read model it is for, except documents that no longer follow their
   * stream (damaged): those keep their last good state. A projection that throws abandons the batch
   * with ProjectionFailed, unless `failing` says to mark that document damaged instead.
   */
  apply(event: RecordedEvent, projections: Projection[], failing?: (collection: string, key: string) => boolean): void {
    const changes: StoredDocument[] | undefined = this.tracking ? [] : undefined;
    for (const projection of projections) {
      const key = projection.keyOf(event);
      if (key === undefined || this.isDamaged(projection.collection, key)) continue;
      const id = docId(projection.collection, key);
      const pending = this.pending.get(id);
      const before = pending ? pending.doc : this.models.latest(projection.collection, key);
      let doc: unknown;
      try {
        doc = projection.apply(before, event);
      } catch (error) {
        if (!failing?.(projection.collection, key)) throw new ProjectionFailed(projection.collection, key, event, error);
        this.markDamaged(projection.collection, key, event, { kind: 'projection_failed', reason: (error as Error)?.message ?? String(error) });
        continue;
      }
      // A projection that gives back the very document it was given changed nothing: nothing to write.
      if (doc === before && !pending) continue;
      const touched = projection.touches?.(event, doc, before);
      if (pending) {
        pending.doc = doc;
        if (pending.touched && touched) pending.touched.push(...touched);
        else pending.touched = undefined;
      } else this.pending.set(id, { projection, key, doc, touched: touched && [...touched] });
      changes?.push({ collection: projection.collection, key, clusterId: projection.clusterIdOf(doc), doc });
    }
    if (changes) this.applied.push({ event, changes });
    this.count++;
    this.lastPosition = event.position;
  }

  /** The documents a damaged event is for: one per read model that takes its stream, else one against the stream itself. */
  static documentsOf(damage: EventDamage, projections: Projection[]): DocumentDamage[] {
    const keyed = projections
      .map((p) => ({ collection: p.collection, key: p.keyOf({ streamId: damage.streamId } as RecordedEvent) }))
      .filter((k): k is { collection: string; key: string } => k.key !== undefined);
    const { streamId, revision, position, eventId, problem } = damage;
    return (keyed.length ? keyed : [{ collection: NO_READ_MODEL, key: streamId }]).map((k) => ({ ...k, streamId, revision, position, eventId, problem }));
  }

  /**
   * A damaged event in the log: every document it was for stops following its stream (or, when no
   * read model takes it, the damage is recorded against its stream), and the batch moves past it.
   */
  damage(damage: EventDamage, projections: Projection[]): DocumentDamage[] {
    const found = Batch.documentsOf(damage, projections).map((d) => this.markDamaged(d.collection, d.key, damage, damage.problem));
    this.lastPosition = damage.position;
    return found;
  }

  /**
   * Writes the latest version of every document changed since the last commit, the damaged ones and
   * the checkpoint `upTo`, in one transaction, and starts afresh. Returns the events applied since
   * (when tracking).
   */
  commit(name: string, upTo: bigint): AppliedEvent[] {
    const applied = this.applied;
    const writes: StoredDocument[] = [];
    for (const { projection, key, doc, touched } of this.pending.values()) {
      writes.push({
        collection: projection.collection,
        key,
        clusterId: projection.clusterIdOf(doc),
        doc,
        split: projection.splitAt,
        ...(touched && { touched }),
        ...(projection.termsOf && { terms: projection.termsOf(doc) }),
      });
    }
    const damages = [...this.damages.values()];
    this.applied = [];
    this.pending.clear();
    this.damages = new Map();
    this.count = 0;
    this.lastPosition = undefined;
    this.models.commit(name, upTo, writes, damages);
    return applied;
  }

  private isDamaged(collection: string, key: string): boolean {
    return this.damages.has(docId(collection, key)) || this.models.damageOf(collection, key) !== undefined;
  }

  private markDamaged(
    collection: string,
    key: string,
    at: Pick<EventDamage, 'streamId' | 'revision' | 'position'> & ({ eventId: string } | { id: string }),
    problem: DocumentDamageProblem,
  ): DocumentDamage {
    const id = docId(collection, key);
    const existing = this.damages.get(id) ?? this.models.damageOf(collection, key);
    if (existing) return existing;
    const damage: DocumentDamage = {
      collection,
      key,
      streamId: at.streamId,
      revision: at.revision,
      position: at.position,
      eventId: 'eventId' in at ? at.eventId : at.id,
      problem,
    };
    this.damages.set(id, damage);
    return damage;
  }
}
