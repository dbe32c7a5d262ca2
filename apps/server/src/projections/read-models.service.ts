import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ProjectionRunner, ReadModelStore, type AggregateDoc } from '@klaster/projections';

const READ_YOUR_WRITE_TIMEOUT_MS = 5_000;

/**
 * Queries read here. A client that wants to read its own write passes the position its command
 * returned; the query waits (bounded) until the read models have reached it, else answers 503.
 */
@Injectable()
export class ReadModels {
  constructor(
    readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
  ) {}

  async reached(position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    if (!(await this.runner.waitFor(position, READ_YOUR_WRITE_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(
        `The read models have not yet reached position ${position} (they are at ${this.runner.position}); try again in a moment`,
      );
    }
  }

  doc<S>(collection: string, key: string): AggregateDoc<S> | undefined {
    return this.store.get<AggregateDoc<S>>(collection, key);
  }

  byCluster<S>(collection: string, clusterId: string): AggregateDoc<S>[] {
    return this.store.byCluster<AggregateDoc<S>>(collection, clusterId);
  }

  get position(): bigint {
    return this.runner.position;
  }
}
