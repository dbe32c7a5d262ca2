import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound, type ElectionState } from '@klaster/domain';
import { ReadModels } from '../../projections/read-models.service';
import { readableClusterDoc } from '../../projections/read-query';
import { electionNotFound } from '../election-access';
import { electionView, type ElectionView } from './election.view';

export class GetElectionQuery {
  constructor(
    readonly electionId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

export class ListClusterElectionsQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

/** An election from the elections read model, for whoever may read its cluster (anyone else: 404). */
@QueryHandler(GetElectionQuery)
export class GetElectionHandler implements IQueryHandler<GetElectionQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ electionId, personId, position }: GetElectionQuery): Promise<ElectionView> {
    await this.models.reached(position);
    const doc = this.models.doc<ElectionState>('elections', electionId);
    if (!doc || !doc.state.exists) throw notFound(electionNotFound(electionId));
    readableClusterDoc(this.models, doc.state.clusterId, personId, electionNotFound(electionId));
    return electionView(doc.state, doc.revision);
  }
}

/** The cluster's leader elections, the latest called first. */
@QueryHandler(ListClusterElectionsQuery)
export class ListClusterElectionsHandler implements IQueryHandler<ListClusterElectionsQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ clusterId, personId, position }: ListClusterElectionsQuery): Promise<ElectionView[]> {
    await this.models.reached(position);
    readableClusterDoc(this.models, clusterId, personId);
    return this.models
      .byCluster<ElectionState>('elections', clusterId)
      .filter((d) => d.state.exists)
      .sort((a, b) => b.state.calledAt.localeCompare(a.state.calledAt))
      .map((d) => electionView(d.state, d.revision));
  }
}
