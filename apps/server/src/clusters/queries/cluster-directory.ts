import { Inject, Injectable } from '@nestjs/common';
import { clusterDecider, mayRead, parseClusterEvent, type ClusterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';

/**
 * Every cluster's current state, folded from the log on demand. Interim: the projections issue
 * replaces this with a read model kept up to date by the store's subscription.
 */
@Injectable()
export class ClusterDirectory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all(): Promise<ClusterState[]> {
    const states = new Map<string, ClusterState>();
    for await (const event of this.store.readAll({ filter: { streamPrefixes: ['cluster-'] } })) {
      const state = states.get(event.streamId) ?? clusterDecider.initialState();
      states.set(event.streamId, clusterDecider.evolve(state, parseClusterEvent(event.type, event.data)));
    }
    return [...states.values()];
  }

  async readableBy(personId: string): Promise<ClusterState[]> {
    return (await this.all()).filter((s) => mayRead(s, personId));
  }
}

/** Everyone who has acted in a cluster: representatives past and present, and auditors. */
export function peopleOf(state: ClusterState): Set<string> {
  const people = new Set(Object.keys(state.auditors));
  for (const m of Object.values(state.members)) for (const r of m.representativeHistory) people.add(r.personId);
  return people;
}
