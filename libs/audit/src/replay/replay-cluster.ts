import {
  clusterDecider,
  clusterStreamId,
  endOfDay,
  groupDecider,
  parseClusterEvent,
  parseGroupEvent,
  upcast,
  type ClusterState,
  type Decider,
  type GroupState,
} from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { aggregateOf } from '../streams/cluster-streams';

/** A point in the cluster's past: the end of a day (in the cluster's zone, by when acts occurred), or a log position. */
export type PointInTime = { asOf: string } | { position: bigint };

export interface ClusterSnapshot {
  clusterId: string;
  name: string;
  pointInTime: { asOf?: string; position?: string; until: string };
  timeZone: string;
  leader: { memberId: string; organisation: string; representative: string } | null;
  bodies: Record<string, string>;
  charterVersion: number | null;
  /** The agreement version in force at that point, and the latest one adopted by then. */
  agreementVersion: number | null;
  latestAgreementVersion: number | null;
  members: { memberId: string; organisation: string; sector: string; kind: string; status: string; representative: string; admittedOn: string; withdrawnOn?: string }[];
  openGroups: { groupId: string; name: string; active: boolean; members: string[]; leader: string | null; openTasks: number }[];
  eventsFolded: number;
}

/**
 * The cluster as it was at a point, folded from the log alone (no read model): its own stream and its
 * groups' streams, with the domain's own evolve. A day means the acts that had occurred by its end in
 * the cluster's time zone (an act recorded later but dated earlier counts); a position means the acts
 * recorded up to it. Undefined when the cluster was not founded by then.
 */
export async function replayCluster(store: EventStore, clusterId: string, point: PointInTime): Promise<ClusterSnapshot | undefined> {
  const now = await fold(store, clusterStreamId(clusterId), clusterDecider, parseClusterEvent, () => true);
  if (!now.state.founded) return undefined;
  const until = 'asOf' in point ? endOfDay(point.asOf, now.state.timeZone) : undefined;
  const included = (e: RecordedEvent) => ('position' in point ? e.position <= point.position : Date.parse(occurredAtOf(e)) < Date.parse(until!));
  const { state: cluster, count } = await fold(store, clusterStreamId(clusterId), clusterDecider, parseClusterEvent, included);
  if (!cluster.founded) return undefined;
  let eventsFolded = count;
  const groups: GroupState[] = [];
  const groupStreams = new Set<string>();
  for await (const e of store.readAll({ filter: { streamPrefixes: [`group-${clusterId}.`] } })) {
    if (e.revision === 0n && aggregateOf(e.streamId)?.clusterId === clusterId) groupStreams.add(e.streamId);
  }
  for (const streamId of [...groupStreams].sort()) {
    const g = await fold(store, streamId, groupDecider, parseGroupEvent, included);
    eventsFolded += g.count;
    if (g.state.exists && !g.state.dissolved) groups.push(g.state);
  }
  const day = 'asOf' in point ? point.asOf : undefined;
  const charter = cluster.charters[cluster.charters.length - 1];
  const inForce = [...cluster.agreements].reverse().find((a) => a.inForceSince !== undefined && (day === undefined || a.inForceSince <= day));
  const coordinator = cluster.members[cluster.coordinatorMemberId];
  return {
    clusterId,
    name: cluster.name,
    pointInTime: { ...('asOf' in point ? { asOf: point.asOf } : { position: point.position.toString() }), until: until ?? `position ${'position' in point ? point.position : ''}` },
    timeZone: cluster.timeZone,
    leader: coordinator ? { memberId: coordinator.memberId, organisation: coordinator.organisation.name, representative: coordinator.representative.personId } : null,
    bodies: charter ? { ...charter.charter.bodies } : {},
    charterVersion: charter?.version ?? null,
    agreementVersion: inForce?.version ?? null,
    latestAgreementVersion: cluster.agreements[cluster.agreements.length - 1]?.version ?? null,
    members: Object.values(cluster.members).map((m) => ({
      memberId: m.memberId,
      organisation: m.organisation.name,
      sector: m.organisation.sector,
      kind: m.kind,
      status: m.status,
      representative: m.representative.personId,
      admittedOn: m.admittedOn,
      ...(m.withdrawal ? { withdrawnOn: m.withdrawal.withdrawnOn } : {}),
    })),
    openGroups: groups.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      active: g.active,
      members: g.memberships.filter((m) => !m.leftAt).map((m) => m.memberId),
      leader: g.leader?.personId ?? null,
      openTasks: Object.values(g.tasks).filter((t) => !t.completedAt).length,
    })),
    eventsFolded,
  };
}

async function fold<S, E>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  parse: (type: string, data: unknown) => E,
  included: (e: RecordedEvent) => boolean,
): Promise<{ state: S; count: number }> {
  let state = decider.initialState();
  let count = 0;
  try {
    for await (const e of store.readStream(streamId)) {
      if (!included(e)) continue;
      state = decider.evolve(state, parse(e.type, upcast(e.type, e.metadata.schemaVersion, e.data)));
      count++;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return { state, count };
}

export type { ClusterState };
