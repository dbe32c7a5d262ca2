import { Injectable } from '@nestjs/common';
import type { StreamParticipants } from '@klaster/projections';
import { ClusterDirectory } from '../clusters/queries/cluster-directory';
import { ReadModels } from '../projections/read-models.service';

/**
 * Who may see a person's name and contacts: the person, and the people of a cluster in which that
 * person has acted themselves (an event of one of the cluster's streams whose actor they are, from
 * the participants read model). Being named by someone else — as a founding member's representative,
 * an auditor, a new representative — grants nobody anything until the named person acts there.
 */
@Injectable()
export class ClusterParticipants {
  constructor(
    private readonly models: ReadModels,
    private readonly directory: ClusterDirectory,
  ) {}

  maySee(viewer: string, personId: string): boolean {
    if (viewer === personId) return true;
    return this.directory.readableBy(viewer).some((cluster) => this.hasActedIn(cluster.clusterId, personId));
  }

  hasActedIn(clusterId: string, personId: string): boolean {
    return this.models.store.latestByCluster<StreamParticipants>('participants', clusterId).some((stream) => stream.people.has(personId));
  }
}
