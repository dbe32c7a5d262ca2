import { Inject, Injectable } from '@nestjs/common';
import { groupDecider, parseGroupEvent, type GroupState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';

/**
 * Every group's current state, folded from the log on demand. Interim, like ClusterDirectory: a read
 * model fed by the store's subscription replaces it.
 */
@Injectable()
export class GroupDirectory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async ofCluster(clusterId: string): Promise<GroupState[]> {
    const states = new Map<string, GroupState>();
    for await (const event of this.store.readAll({ filter: { streamPrefixes: ['group-'] } })) {
      const state = states.get(event.streamId) ?? groupDecider.initialState();
      states.set(event.streamId, groupDecider.evolve(state, parseGroupEvent(event.type, event.data)));
    }
    return [...states.values()].filter((g) => g.clusterId === clusterId);
  }
}
