import { Injectable } from '@nestjs/common';
import type { PeopleLookup } from '@klaster/audit';
import { PeopleRegistry } from '../people/people.registry';
import { ClusterParticipants } from '../people/cluster-participants';

/**
 * How the people of a cluster's record appear to its readers: by the name in the people registry if
 * they have acted in the cluster themselves (the registry's rule), as erased once they erased their
 * details, else by their id. The log holds only ids, so erasure changes no event, hash or seal.
 */
@Injectable()
export class PeopleAsSeen {
  constructor(
    private readonly registry: PeopleRegistry,
    private readonly participants: ClusterParticipants,
  ) {}

  forCluster(clusterId: string): PeopleLookup {
    const seen = new Map<string, ReturnType<PeopleLookup>>();
    return (personId) => {
      let p = seen.get(personId);
      if (!p) {
        const details = this.registry.get(personId);
        p = details?.erasedAt
          ? { name: null, erased: true }
          : details && this.participants.hasActedIn(clusterId, personId)
            ? { name: details.displayName, erased: false }
            : { name: null, erased: false };
        seen.set(personId, p);
      }
      return p;
    };
  }
}
