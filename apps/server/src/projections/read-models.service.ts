import { Inject, Injectable } from '@nestjs/common';
import { httpError } from '../http/error-codes';
import { ProjectionRunner, ReadModelStore, type AggregateDoc, type StoredDocument } from '@klaster/projections';
import { noteDamagedRead } from '../integrity/damaged-reads';

/** Injection token: how long `reached` waits (READ_YOUR_WRITE_TIMEOUT_MS, 5 s by default). */
export const READ_YOUR_WRITE_TIMEOUT_MS = Symbol('READ_YOUR_WRITE_TIMEOUT_MS');

/**
 * Queries read here. A client that wants to read its own write passes the position its command
 * returned; the query waits (bounded) until the read models have reached it, else answers 503.
 */
@Injectable()
export class ReadModels {
  constructor(
    readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    @Inject(READ_YOUR_WRITE_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async reached(position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    if (!(await this.runner.waitFor(position, this.timeoutMs))) {
      throw httpError(
        503,
        'read_models_behind',
        `The read models have not reached position ${position} within ${this.timeoutMs} ms (they are at ${this.runner.position}); try again in a moment`,
      );
    }
  }

  /** Waits (bounded) until the read models reflect the whole log as it is now. */
  async caughtUp(timeoutMs = 60_000): Promise<boolean> {
    return this.runner.caughtUp(timeoutMs);
  }

  // A document whose stream holds a damaged event keeps its last good state; a query that reads it
  // answers 503 record_damaged once it has judged who may see it (see DamagedReadsInterceptor).

  // Documents come from the store's bounded cache of committed documents (ReadModelStore.latest): a
  // query does not parse its document again on every read, and the cache learns every commit as it is
  // written, so no read after an acknowledged write is stale. They are shared: read them, never change
  // them (build the answer in new objects).

  doc<S>(collection: string, key: string): AggregateDoc<S> | undefined {
    this.noteIfDamaged(collection, key);
    return this.store.latest<AggregateDoc<S>>(collection, key);
  }

  /** A cluster's documents of one kind (shared, as `doc`): the answer depends on each, so a damaged one makes it 503. */
  byCluster<S>(collection: string, clusterId: string): AggregateDoc<S>[] {
    for (const damage of this.store.damagedIn(collection, clusterId)) noteDamagedRead(damage);
    return this.store.latestByCluster<AggregateDoc<S>>(collection, clusterId);
  }

  /** Every document of a kind across clusters, leaving out damaged ones (reading one by itself says why). */
  all<S>(collection: string): StoredDocument<AggregateDoc<S>>[] {
    const docs = this.store.all<AggregateDoc<S>>(collection);
    return this.store.damages().length === 0 ? docs : docs.filter((d) => !this.store.damageOf(collection, d.key));
  }

  /** The keys of a kind's documents found by a term (their projection's `termsOf`), reading none of them. */
  keysWithTerm(collection: string, term: string): string[] {
    return this.store.keysWithTerm(collection, term);
  }

  /** A document as `doc` gives it, or undefined when it is damaged (as `all` leaves those out). */
  undamaged<S>(collection: string, key: string): AggregateDoc<S> | undefined {
    return this.store.damageOf(collection, key) ? undefined : this.store.latest<AggregateDoc<S>>(collection, key);
  }

  private noteIfDamaged(collection: string, key: string): void {
    const damage = this.store.damageOf(collection, key);
    if (damage) noteDamagedRead(damage);
  }

  get position(): bigint {
    return this.runner.position;
  }
}
