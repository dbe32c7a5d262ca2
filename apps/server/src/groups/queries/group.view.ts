import { currentCharter, groupMemberIds, isTaskOverdue, type ClusterState, type GroupState } from '@klaster/domain';

const status = (group: GroupState) => (group.dissolved ? 'dissolved' : group.active ? 'active' : 'inactive');

/** What a reader of a group sees; `overdue` is judged at the instant of the request. */
export function groupView(group: GroupState, revision: bigint | undefined, cluster: ClusterState, at: string) {
  const current = new Set(groupMemberIds(group));
  return {
    groupId: group.groupId,
    clusterId: group.clusterId,
    name: group.name,
    purpose: group.purpose,
    deadline: group.deadline,
    requestedBy: group.requestedBy,
    requestedAt: group.requestedAt,
    revision: revision?.toString() ?? null,
    status: status(group),
    active: status(group) === 'active',
    memberCount: current.size,
    minimumGroupSize: currentCharter(cluster).charter.minimumGroupSize,
    members: group.memberships
      .filter((m) => !m.leftAt)
      .map((m) => {
        const member = cluster.members[m.memberId];
        return { memberId: m.memberId, organisation: member?.organisation.name ?? null, kind: member?.kind ?? null, clusterStatus: member?.status ?? null, joinedAt: m.joinedAt };
      }),
    /** Every stint, including members who left (or withdrew from the cluster). */
    membershipHistory: group.memberships,
    activity: group.activity,
    leader: group.leader ?? null,
    conditions: group.conditions ?? null,
    tasks: Object.values(group.tasks).map((t) => ({ ...t, completedAt: t.completedAt ?? null, overdue: isTaskOverdue(t, at, cluster.timeZone) })),
    dissolved: group.dissolved ?? null,
    asOf: at,
  };
}

export type GroupView = ReturnType<typeof groupView>;

/** One line of a cluster's list of groups: enough to see which are below their minimum, and what is overdue. */
export function groupSummary(group: GroupState, cluster: ClusterState, at: string) {
  const tasks = Object.values(group.tasks);
  return {
    groupId: group.groupId,
    name: group.name,
    deadline: group.deadline,
    status: status(group),
    memberCount: groupMemberIds(group).length,
    minimumGroupSize: currentCharter(cluster).charter.minimumGroupSize,
    leaderPersonId: group.leader?.personId ?? null,
    openTasks: tasks.filter((t) => !t.completedAt).length,
    overdueTasks: tasks.filter((t) => isTaskOverdue(t, at, cluster.timeZone)).length,
  };
}
