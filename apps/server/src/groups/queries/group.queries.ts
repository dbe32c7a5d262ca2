import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { loadGroup, readableCluster } from '../../command-handling/load-aggregates';
import { clusterOfGroup, groupNotFound } from '../group-with-cluster';
import { GroupDirectory } from './group-directory';
import { groupSummary, groupView, type GroupView } from './group.view';

/** `at` is the request's instant: overdue tasks are judged against it. */
export class GetGroupQuery {
  constructor(
    readonly groupId: string,
    readonly personId: string,
    readonly at: string,
  ) {}
}

export class ListClusterGroupsQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly at: string,
  ) {}
}

/** A group is read by whoever may read its cluster; anyone else gets 404. */
@QueryHandler(GetGroupQuery)
export class GetGroupHandler implements IQueryHandler<GetGroupQuery, GroupView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ groupId, personId, at }: GetGroupQuery): Promise<GroupView> {
    const { state, revision } = await loadGroup(this.store, groupId);
    if (!state.exists) throw notFound(groupNotFound(groupId));
    const cluster = await clusterOfGroup(this.store, state.clusterId, groupId, personId);
    return groupView(state, revision, cluster, at);
  }
}

@QueryHandler(ListClusterGroupsQuery)
export class ListClusterGroupsHandler implements IQueryHandler<ListClusterGroupsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: GroupDirectory,
  ) {}

  async execute({ clusterId, personId, at }: ListClusterGroupsQuery) {
    const cluster = await readableCluster(this.store, clusterId, personId);
    return (await this.directory.ofCluster(clusterId)).map((g) => groupSummary(g, cluster, at));
  }
}
