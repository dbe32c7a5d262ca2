import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { clusterDecider, clusterStreamId, notFound, parseClusterEvent, type ClusterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { ReadModels } from '../../projections/read-models.service';
import { loadAt, pointInTimeJson, readableClusterDoc, type PointInTime, type ReadOptions } from '../../projections/read-query';
import { clusterView, type ClusterListItem, type ClusterView } from './cluster.view';
import { ClusterDirectory } from './cluster-directory';

export class GetClusterQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly options: ReadOptions = {},
  ) {}
}

export class ListClustersQuery {
  constructor(
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

export interface ClusterAnswer {
  view: ClusterView;
  state: ClusterState;
  /** Set when the answer is a past state (time travel). */
  pointInTime?: ReturnType<typeof pointInTimeJson>;
}

/**
 * Reads the cluster's read model (after waiting for `position`, if given). A person who neither
 * belongs to nor audits the cluster gets 404, not 403: they must not learn that it exists. With a
 * point in time, the answer is the stream folded up to then.
 */
@QueryHandler(GetClusterQuery)
export class GetClusterHandler implements IQueryHandler<GetClusterQuery, ClusterAnswer> {
  constructor(
    private readonly models: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ clusterId, personId, options }: GetClusterQuery): Promise<ClusterAnswer> {
    await this.models.reached(options.position);
    const { state, revision } = readableClusterDoc(this.models, clusterId, personId);
    if (!options.pointInTime) return { view: clusterView(state, revision), state };
    return pastCluster(this.store, clusterId, options.pointInTime, state.timeZone);
  }
}

/** The cluster as it was at a point in time; 404 if it had not been founded yet. */
export async function pastCluster(store: EventStore, clusterId: string, p: PointInTime, timeZone: string): Promise<ClusterAnswer & { lastOccurredAt?: string }> {
  const past = await loadAt(store, clusterDecider, parseClusterEvent, clusterStreamId(clusterId), p, timeZone);
  if (!past.state.founded) throw notFound(`Cluster '${clusterId}' had not been founded by then`, 'not_founded_by_then');
  return { view: clusterView(past.state, past.revision), state: past.state, pointInTime: pointInTimeJson(p), lastOccurredAt: past.lastOccurredAt };
}

/** Lists the clusters a person may read. */
@QueryHandler(ListClustersQuery)
export class ListClustersHandler implements IQueryHandler<ListClustersQuery> {
  constructor(
    private readonly models: ReadModels,
    private readonly directory: ClusterDirectory,
  ) {}

  async execute({ personId, position }: ListClustersQuery): Promise<ClusterListItem[]> {
    await this.models.reached(position);
    return this.directory.readableBy(personId).map((s) => ({
      clusterId: s.clusterId,
      name: s.name,
      foundedOn: s.foundedOn,
      members: Object.keys(s.members).length,
    }));
  }
}
