import { z } from 'zod';
import { currentCharter, groupMemberIds, groupRequesterSchema, isTaskOverdue, isoDateSchema, memberKindSchema, type ClusterState, type GroupState } from '@klaster/domain';
import { pointInTimeSchema, revisionSchema } from '../../http/contracts';

const status = (group: GroupState) => (group.dissolved ? 'dissolved' : group.active ? 'active' : 'inactive');
const groupStatusSchema = z.enum(['active', 'inactive', 'dissolved']).describe('Active while it has the charter’s minimum of members; dissolved records nothing more');

export const groupViewSchema = z
  .object({
    groupId: z.string(),
    clusterId: z.string(),
    name: z.string(),
    purpose: z.string(),
    deadline: isoDateSchema,
    requestedBy: groupRequesterSchema.optional(),
    requestedAt: z.string(),
    revision: revisionSchema,
    status: groupStatusSchema,
    active: z.boolean(),
    memberCount: z.number().int(),
    minimumGroupSize: z.number().int(),
    members: z.array(
      z.object({
        memberId: z.string(),
        organisation: z.string().nullable(),
        kind: memberKindSchema.nullable(),
        clusterStatus: z.enum(['active', 'withdrawn']).nullable(),
        joinedAt: z.string(),
      }),
    ),
    membershipHistory: z
      .array(z.object({ memberId: z.string(), joinedAt: z.string(), leftAt: z.string().optional(), leftBecause: z.enum(['left', 'withdrew_from_cluster']).optional() }))
      .describe('Every stint, including members who left (or withdrew from the cluster)'),
    activity: z.array(z.object({ active: z.boolean(), at: z.string(), memberCount: z.number().int(), minimumGroupSize: z.number().int() })),
    leader: z.object({ personId: z.string(), memberId: z.string(), since: z.string() }).nullable(),
    conditions: z.object({ text: z.string(), setAt: z.string() }).nullable(),
    tasks: z.array(
      z.object({
        taskId: z.string(),
        title: z.string(),
        responsibleMemberId: z.string(),
        deadline: isoDateSchema,
        addedAt: z.string(),
        completedAt: z.string().nullable(),
        reassignments: z.array(z.object({ from: z.string(), to: z.string(), deadline: isoDateSchema, at: z.string() })),
        overdue: z.boolean().describe('Open past its deadline day (in the cluster’s zone) at `asOf`'),
      }),
    ),
    dissolved: z.object({ reason: z.string(), at: z.string() }).nullable(),
    asOf: z.string().describe('The instant `overdue` is judged at: now, or the end of the asOf day'),
    pointInTime: pointInTimeSchema.optional(),
  })
  .meta({ id: 'Group' });
export type GroupView = z.output<typeof groupViewSchema>;

/** What a reader of a group sees; `overdue` is judged at the instant of the request. */
export function groupView(group: GroupState, revision: bigint | undefined, cluster: ClusterState, at: string): GroupView {
  const current = new Set(groupMemberIds(group));
  return {
    groupId: group.groupId,
    clusterId: group.clusterId,
    name: group.name,
    purpose: group.purpose,
    deadline: group.deadline,
    ...(group.requestedBy ? { requestedBy: group.requestedBy } : {}),
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
    membershipHistory: group.memberships,
    activity: group.activity,
    leader: group.leader ?? null,
    conditions: group.conditions ?? null,
    tasks: Object.values(group.tasks).map((t) => ({ ...t, completedAt: t.completedAt ?? null, overdue: isTaskOverdue(t, at, cluster.timeZone) })),
    dissolved: group.dissolved ?? null,
    asOf: at,
  };
}

export const groupSummarySchema = z
  .object({
    groupId: z.string(),
    name: z.string(),
    deadline: isoDateSchema,
    status: groupStatusSchema,
    memberCount: z.number().int(),
    minimumGroupSize: z.number().int(),
    leaderPersonId: z.string().nullable(),
    openTasks: z.number().int(),
    overdueTasks: z.number().int(),
  })
  .meta({ id: 'GroupSummary' });
export type GroupSummary = z.output<typeof groupSummarySchema>;

/** One line of a cluster's list of groups: enough to see which are below their minimum, and what is overdue. */
export function groupSummary(group: GroupState, cluster: ClusterState, at: string): GroupSummary {
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
