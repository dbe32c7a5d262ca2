import { clusterDecider } from '../src/cluster/cluster.decider';
import { groupClusterFacts } from '../src/group/cluster-facts';
import { fold } from '../src/shared/decider';
import type { ClusterEvent } from '../src/cluster/cluster.events';
import type { GroupCommand } from '../src/group/group.commands';
import type { GroupEvent, GroupRequester } from '../src/group/group.events';
import { founded, honoraryAdmitted } from './cluster.fixtures';

export const AT = '2015-03-01T09:00:00.000Z';

/** Cluster 'wmkes': m1..m5 (represented by p1..p5, m1 coordinates), m9 honorary (p9), m5 withdrawn. */
export const clusterHistory: ClusterEvent[] = [
  ...founded({ members: 5 }),
  honoraryAdmitted,
  { type: 'MemberWithdrew', data: { memberId: 'm5', withdrawnOn: '2015-02-01', writtenNoticeRef: 'L/2015/7' } },
];
export const facts = (history: ClusterEvent[] = clusterHistory) => groupClusterFacts(fold(clusterDecider, history));

type Body<K extends GroupCommand['type']> = Omit<Extract<GroupCommand, { type: K }>, 'type' | 'groupId' | 'actor' | 'at' | 'cluster'> & { groupId?: string };

/** A command on group g1 (or another), acted by a person now, against the fixture cluster; its body type-checked. */
export function command<K extends GroupCommand['type']>(type: K, actor: string, body: Body<K>, groupId?: string): Extract<GroupCommand, { type: K }>;
export function command(type: GroupCommand['type'], actor: string, body: object, groupId = 'g1'): GroupCommand {
  return { type, groupId, actor, at: AT, cluster: facts(), ...body } as GroupCommand;
}

export const requested = (groupId = 'g1', requestedBy: GroupRequester = { kind: 'members', memberIds: ['m2', 'm3'] }): GroupEvent => ({
  type: 'GroupRequested',
  data: {
    groupId,
    clusterId: 'wmkes',
    name: 'Grupa turystyki społecznej',
    purpose: 'Wspólna oferta turystyczna',
    deadline: '2015-12-31',
    requestedBy,
    requestedAt: AT,
  },
});
export const joined = (memberId: string): GroupEvent => ({ type: 'MemberJoinedGroup', data: { memberId, joinedAt: AT } });
export const becameActive = (memberCount = 3): GroupEvent => ({ type: 'GroupBecameActive', data: { memberCount, minimumGroupSize: 3, at: AT } });

/** g1 with m2 and m3: below the minimum of 3. */
export const twoMembers = (groupId = 'g1'): GroupEvent[] => [requested(groupId), joined('m2'), joined('m3')];
/** g1 with m2, m3, m4: active. */
export const threeMembers = (groupId = 'g1'): GroupEvent[] => [...twoMembers(groupId), joined('m4'), becameActive()];
/** Active, led by p2 (for m2). */
export const ledByP2 = (groupId = 'g1'): GroupEvent[] => [
  ...threeMembers(groupId),
  { type: 'GroupLeaderAppointed', data: { personId: 'p2', memberId: 'm2', appointedAt: AT } },
];
export const taskAdded = (responsibleMemberId = 'm3'): GroupEvent => ({
  type: 'TaskAdded',
  data: { taskId: 't1', title: 'Katalog ofert', responsibleMemberId, deadline: '2015-06-30', addedAt: AT },
});
