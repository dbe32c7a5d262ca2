import { Inject, Injectable } from '@nestjs/common';
import { httpError } from '../http/error-codes';
import { ProjectionRunner, ReadModelStore, type AggregateDoc, type StoredDocument } from '@klaster/projections';

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

  doc<S>(collection: string, key: string): AggregateDoc<S> | undefined {
    return this.store.get<AggregateDoc<S>>(collection, key);
  }

  byCluster<S>(collection: string, clusterId: string): AggregateDoc<S>[] {
    return this.store.byCluster<AggregateDoc<S>>(collection, clusterId);
  }

  all<S>(collection: string): StoredDocument<AggregateDoc<S>>[] {
    return this.store.all<AggregateDoc<S>>(collection);
  }

  get position(): bigint {
    return this.runner.position;
  }
}
