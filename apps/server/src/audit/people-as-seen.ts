import { Injectable } from '@nestjs/common';
import type { PeopleLookup, PersonAsSeen } from '@klaster/audit';
import type { StreamParticipants } from '@klaster/projections';
import { PeopleRegistry } from '../people/people-registry';
import { ReadModels } from '../projections/read-models.service';

/**
 * How the people of a cluster's record appear to its readers: by the name in the people registry if
 * they have acted in the cluster themselves (the registry's rule, see ClusterParticipants), as erased
 * once they erased their details, else by their id. The log holds only ids, so erasure changes no
 * event, hash or seal.
 */
@Injectable()
export class PeopleAsSeen {
  constructor(
    private readonly registry: PeopleRegistry,
    private readonly models: ReadModels,
  ) {}

  /**
   * The registry is shared (and may be remote): the details of everyone who has acted in the cluster
   * are read once, up front, so a trail, an export or a document then names people without waiting.
   */
  async forCluster(clusterId: string): Promise<PeopleLookup> {
    const participants = new Set<string>();
    for (const stream of this.models.store.latestByCluster<StreamParticipants>('participants', clusterId)) for (const personId of stream.people.keys()) participants.add(personId);
    const seen = new Map<string, PersonAsSeen>();
    await Promise.all(
      [...participants].map(async (personId) => {
        const details = await this.registry.get(personId);
        if (details) seen.set(personId, details.erasedAt ? { name: null, erased: true } : { name: details.displayName, erased: false });
      }),
    );
    return (personId) => seen.get(personId) ?? { name: null, erased: false };
  }
}
