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

/** Everyone who has acted in a cluster: representatives past and present, and auditors. */
export function peopleOf(state: ClusterState): Set<string> {
  const people = new Set(Object.keys(state.auditors));
  for (const m of Object.values(state.members)) for (const r of m.representativeHistory) people.add(r.personId);
  return people;
}
