import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { clusterOfElection, electionNotFound, loadElection } from '../election-access';
import { electionView } from './election.view';

export class GetElectionQuery {
  constructor(
    readonly electionId: string,
    readonly personId: string,
  ) {}
}

@QueryHandler(GetElectionQuery)
export class GetElectionHandler implements IQueryHandler<GetElectionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ electionId, personId }: GetElectionQuery) {
    const { state, revision } = await loadElection(this.store, electionId);
    if (!state.exists) throw notFound(electionNotFound(electionId));
    await clusterOfElection(this.store, state.clusterId, electionId, personId);
    return electionView(state, revision);
  }
}
