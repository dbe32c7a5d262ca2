import { Injectable } from '@nestjs/common';
import { mayRead, type ClusterState } from '@klaster/domain';
import { UNSEALED } from '@klaster/projections';
import { ReadModels } from '../../projections/read-models.service';

/** Every cluster's current state, from the clusters read model. */
@Injectable()
export class ClusterDirectory {
  constructor(private readonly models: ReadModels) {}

  /** Whether the cluster exists once the read models have caught up with the log (the demo loader): one document, not every cluster. */
  async exists(clusterId: string): Promise<boolean> {
    await this.models.caughtUp();
    return this.models.doc('clusters', clusterId) !== undefined;
  }

  /**
   * Whether no cluster exists yet, once the read models have caught up: asked at every start, so it
   * reads no document (reading every cluster took most of a restart's first minute at 10,000 clusters).
   */
  async isEmpty(): Promise<boolean> {
    await this.models.caughtUp();
    return !this.models.store.hasAny('clusters');
  }

  /**
   * The clusters a person may read; none is looked for again once the read models have caught up with
   * the log as it is now (waiting at most `timeoutMs`): on several instances, an invitation accepted on
   * another one a moment ago may not have reached this instance's read models yet.
   */
  async readableByCaughtUp(personId: string, timeoutMs = 2_000): Promise<ClusterState[]> {
    const now = this.readableBy(personId);
    if (now.length > 0) return now;
    await this.models.caughtUp(timeoutMs);
    return this.readableBy(personId);
  }

  /**
   * The clusters a person may read, as the read models have them now: those the clusters read model
   * is found by that person in (its readers, kept with each commit), and no other is read. Each is
   * checked with `mayRead` all the same; a damaged one is left out, as from `all`.
   */
  readableBy(personId: string): ClusterState[] {
    return this.models
      .keysWithTerm('clusters', personId)
      .map((key) => this.models.undamaged<ClusterState>('clusters', key)?.state)
      .filter((s): s is ClusterState => s !== undefined && mayRead(s, personId));
  }

  /**
   * The clusters whose record moved since their last seal (or never sealed), once the read models have
   * caught up: what the seal schedule seals, without reading any cluster (the seal-schedule read model).
   */
  async unsealed(): Promise<string[]> {
    await this.models.caughtUp();
    return this.models.keysWithTerm('seal-schedule', UNSEALED);
  }
}
