import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { clusterDecider, clusterStreamId, mayRead, notFound, parseClusterEvent, type ClusterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { load } from '../../command-handling/execute-on-stream';
import { clusterView, type ClusterView } from './cluster.view';
import { ClusterDirectory } from './cluster-directory';

export class GetClusterQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
  ) {}
}

export class ListClustersQuery {
  constructor(readonly personId: string) {}
}

/**
 * Folds the cluster stream on demand. A person who neither belongs to nor audits the cluster gets
 * 404, not 403: they must not learn that it exists.
 */
@QueryHandler(GetClusterQuery)
export class GetClusterHandler implements IQueryHandler<GetClusterQuery, { view: ClusterView; state: ClusterState }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ clusterId, personId }: GetClusterQuery) {
    const { state, revision } = await load(this.store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId));
    if (!mayRead(state, personId)) throw notFound(`Cluster '${clusterId}' does not exist or you may not read it`);
    return { view: clusterView(state, revision), state };
  }
}

/** Lists the clusters a person may read. */
@QueryHandler(ListClustersQuery)
export class ListClustersHandler implements IQueryHandler<ListClustersQuery> {
  constructor(private readonly directory: ClusterDirectory) {}

  async execute({ personId }: ListClustersQuery) {
    return (await this.directory.readableBy(personId)).map((s) => ({
      clusterId: s.clusterId,
      name: s.name,
      foundedOn: s.foundedOn,
      members: Object.keys(s.members).length,
    }));
  }
}
