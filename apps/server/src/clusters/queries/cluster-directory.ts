import { Injectable } from '@nestjs/common';
import { mayRead, type ClusterState } from '@klaster/domain';
import { ReadModels } from '../../projections/read-models.service';

/** Every cluster's current state, from the clusters read model. */
@Injectable()
export class ClusterDirectory {
  constructor(private readonly models: ReadModels) {}

  /** Every cluster once the read models have caught up with the log (start-up checks, the demo loader). */
  async all(): Promise<ClusterState[]> {
    await this.models.caughtUp();
    return this.models.all<ClusterState>('clusters').map((d) => d.doc.state);
  }

  /** The clusters a person may read, as the read models have them now. */
  readableBy(personId: string): ClusterState[] {
    return this.models
      .all<ClusterState>('clusters')
      .map((d) => d.doc.state)
      .filter((s) => mayRead(s, personId));
  }
}
