import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { bodiesOf, groupDecider, groupStreamId, parseGroupEvent, type GroupState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { ReadModels } from '../../projections/read-models.service';
import { loadAt, pointInTimeJson, readableClusterDoc, type ReadOptions } from '../../projections/read-query';
import { pastCluster } from './cluster.queries';
import { bodiesView, type BodiesView } from './bodies.view';

export class GetClusterBodiesQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly options: ReadOptions = {},
  ) {}
}

/**
 * Each body of the cluster with who sits on it and whether each votes there: now, from the read
 * models; or on a past day (`asOf`, judged in the cluster's zone, or `atPosition`), the cluster and each
 * of its groups folded up to then.
 */
@QueryHandler(GetClusterBodiesQuery)
export class GetClusterBodiesHandler implements IQueryHandler<GetClusterBodiesQuery, BodiesView> {
  constructor(
    private readonly models: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ clusterId, personId, options }: GetClusterBodiesQuery): Promise<BodiesView> {
    await this.models.reached(options.position);
    const cluster = readableClusterDoc(this.models, clusterId, personId);
    const groupDocs = this.models.byCluster<GroupState>('groups', clusterId);
    const p = options.pointInTime;
    if (!p) return bodiesView(cluster.state, bodiesOf(cluster.state, groupDocs.map((d) => d.state)));
    const timeZone = cluster.state.timeZone;
    const then = await pastCluster(this.store, clusterId, p, timeZone);
    const groups: GroupState[] = [];
    for (const doc of groupDocs) groups.push((await loadAt(this.store, groupDecider, parseGroupEvent, groupStreamId(doc.state.groupId), p, timeZone)).state);
    return { ...bodiesView(then.state, bodiesOf(then.state, groups)), pointInTime: pointInTimeJson(p) };
  }
}
