import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { groupDecider, groupStreamId, notFound, parseGroupEvent, type GroupState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { ReadModels } from '../../projections/read-models.service';
import { judgedAt, loadAt, pointInTimeJson, readableClusterDoc, type ReadOptions } from '../../projections/read-query';
import { pastCluster } from '../../clusters/queries/cluster.queries';
import { groupNotFound } from '../group-with-cluster';
import { groupSummary, groupView, type GroupSummary, type GroupView } from './group.view';

/** `at` is the request's instant: overdue tasks are judged against it (for a past state: as of then). */
export class GetGroupQuery {
  constructor(
    readonly groupId: string,
    readonly personId: string,
    readonly at: string,
    readonly options: ReadOptions = {},
  ) {}
}

export class ListClusterGroupsQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly at: string,
    readonly position?: bigint,
  ) {}
}

/** A group is read by whoever may read its cluster; anyone else gets 404. */
@QueryHandler(GetGroupQuery)
export class GetGroupHandler implements IQueryHandler<GetGroupQuery, GroupView> {
  constructor(
    private readonly models: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ groupId, personId, at, options }: GetGroupQuery): Promise<GroupView> {
    await this.models.reached(options.position);
    const doc = this.models.doc<GroupState>('groups', groupId);
    if (!doc || !doc.state.exists) throw notFound(groupNotFound(groupId));
    const cluster = readableClusterDoc(this.models, doc.state.clusterId, personId, groupNotFound(groupId));
    if (!options.pointInTime) return groupView(doc.state, doc.revision, cluster.state, at);
    // The group and its cluster (names, minimum size) as they were then.
    const p = options.pointInTime;
    const timeZone = cluster.state.timeZone;
    const past = await loadAt(this.store, groupDecider, parseGroupEvent, groupStreamId(groupId), p, timeZone);
    if (!past.state.exists) throw notFound(`Group '${groupId}' had not been requested by then`, 'not_requested_by_then');
    const pastOfCluster = await pastCluster(this.store, doc.state.clusterId, p, timeZone);
    const view = groupView(past.state, past.revision, pastOfCluster.state, judgedAt(p, timeZone, [past.lastOccurredAt, pastOfCluster.lastOccurredAt]));
    return { ...view, pointInTime: pointInTimeJson(p) } as GroupView;
  }
}

/** The cluster's groups from the groups read model, in the order they were requested. */
@QueryHandler(ListClusterGroupsQuery)
export class ListClusterGroupsHandler implements IQueryHandler<ListClusterGroupsQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ clusterId, personId, at, position }: ListClusterGroupsQuery): Promise<GroupSummary[]> {
    await this.models.reached(position);
    const cluster = readableClusterDoc(this.models, clusterId, personId);
    return this.models
      .byCluster<GroupState>('groups', clusterId)
      .sort((a, b) => a.state.requestedAt.localeCompare(b.state.requestedAt) || a.state.groupId.localeCompare(b.state.groupId))
      .map((g) => groupSummary(g.state, cluster.state, at));
  }
}
