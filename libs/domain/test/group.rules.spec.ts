import { clusterDecider } from '../src/cluster/cluster.decider';
import { fold } from '../src/shared/decider';
import { groupClusterFacts } from '../src/group/cluster-facts';
import { groupDecider, groupStreamId } from '../src/group/group.decider';
import { groupMemberIds } from '../src/group/group.state';
import type { GroupEvent } from '../src/group/group.events';
import { specFor } from './given-when-then';
import { AT, command, facts, joined, ledByP2, requested, taskAdded, threeMembers, twoMembers } from './group.fixtures';

/** The group's rules one by one, with every refusal's reason. Cluster wmkes: m1..m5 (p1..p5, p1's m1 coordinates), m9 honorary, m5 withdrawn. */
const given = specFor(groupDecider);
const left = (memberId: string, reason: 'left' | 'withdrew_from_cluster' = 'left'): GroupEvent => ({ type: 'MemberLeftGroup', data: { memberId, leftAt: AT, reason } });
const groupInfo = { clusterId: 'wmkes', name: 'Grupa', purpose: 'Cel', deadline: '2015-12-31' };

describe('group rules', () => {
  it('names its stream group-<id>', () => {
    expect(groupStreamId('g-7')).toBe('group-g-7');
  });

  describe('requests', () => {
    it('refuses a request for another cluster than the facts loaded, and members named twice', () => {
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...groupInfo, clusterId: 'other', requestedBy: { kind: 'members', memberIds: ['m2'] }, initialMemberIds: [] })).rejects('not_found', /^Cluster 'other' does not exist$/);
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...groupInfo, requestedBy: { kind: 'members', memberIds: ['m2', 'm2'] }, initialMemberIds: [] })).rejects('rule_broken', /^Each requesting member may be named once$/);
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...groupInfo, requestedBy: { kind: 'members', memberIds: ['m2', 'm3'] }, initialMemberIds: ['m2', 'm2'] })).rejects('rule_broken', /^Each initial member may be named once$/);
    });

    it('answers not found for a group never requested, and for a command loaded with another cluster', () => {
      given([]).when(command('JoinGroup', 'p2', { memberId: 'm2' })).rejects('not_found', /^Group 'g1' does not exist$/);
      given(twoMembers()).when({ ...command('JoinGroup', 'p4', { memberId: 'm4' }), cluster: { ...facts(), clusterId: 'other' } }).rejects('not_found', /^Group 'g1' is not in cluster 'other'$/);
    });

    it('says when the group was dissolved', () => {
      given([...twoMembers(), { type: 'GroupDissolved', data: { reason: 'x', dissolvedAt: '2015-04-02T10:00:00.000Z' } }])
        .when(command('JoinGroup', 'p4', { memberId: 'm4' }))
        .rejects('rule_broken', /^The group was dissolved \(2015-04-02\) and records nothing more$/);
    });
  });

  describe('membership', () => {
    it('takes a member out at its representative’s or the coordinator’s hand, and says who may not', () => {
      given(twoMembers()).when(command('LeaveGroup', 'p1', { memberId: 'm3' })).thenContains([{ type: 'MemberLeftGroup', data: { memberId: 'm3', leftAt: AT, reason: 'left' } }]);
      given(twoMembers()).when(command('LeaveGroup', 'p2', { memberId: 'm3' })).rejects('forbidden', /^Only the representative of m3 \(or the coordinator\) may take it out of the group$/);
    });

    it('records that a member who withdrew from the cluster left, at the leader’s or the coordinator’s hand', () => {
      const withM5 = [...ledByP2(), joined('m5')];
      given(withM5).when(command('LeaveGroup', 'p2', { memberId: 'm5' })).then([{ type: 'MemberLeftGroup', data: { memberId: 'm5', leftAt: AT, reason: 'withdrew_from_cluster' } }]);
      given(withM5).when(command('LeaveGroup', 'p3', { memberId: 'm5' })).rejects('forbidden', /^Only the group leader or the coordinator may record that a withdrawn member left$/);
    });

    it('counts only members who have not left; one who left may join again', () => {
      const state = fold(groupDecider, [...threeMembers(), left('m3')]);
      expect(groupMemberIds(state)).toEqual(['m2', 'm4']);
      expect(fold(groupDecider, [...threeMembers(), left('m3'), joined('m3')]).memberships.map((m) => [m.memberId, !!m.leftAt])).toEqual([
        ['m2', false],
        ['m3', true],
        ['m4', false],
        ['m3', false],
      ]);
      given([...threeMembers(), left('m3')]).when(command('JoinGroup', 'p3', { memberId: 'm3' })).thenContains([{ type: 'MemberJoinedGroup' }]);
    });
  });

  describe('leader and conditions', () => {
    it('lets the acting leader set conditions; refuses a leader already leading', () => {
      given(ledByP2()).when(command('SetMembershipConditions', 'p2', { conditions: 'Udział' })).then([{ type: 'MembershipConditionsSet', data: { conditions: 'Udział', setAt: AT } }]);
      given(ledByP2()).when(command('AppointGroupLeader', 'p1', { personId: 'p2' })).rejects('rule_broken', /^p2 already leads the group$/);
    });

    it('lets a group member’s representative appoint; refuses anyone else', () => {
      given(threeMembers()).when(command('AppointGroupLeader', 'p3', { personId: 'p2' })).then([{ type: 'GroupLeaderAppointed', data: { personId: 'p2', memberId: 'm2', appointedAt: AT } }]);
      given(threeMembers()).when(command('AppointGroupLeader', 'p5', { personId: 'p2' })).rejects('forbidden', /^Only a group member's representative or the coordinator may appoint the leader$/);
    });

    it('no longer treats a leader whose member left as the leader', () => {
      const leaderLeft = [...ledByP2(), left('m2')];
      given(leaderLeft).when(command('AddTask', 'p2', { taskId: 't1', title: 'x', responsibleMemberId: 'm3', deadline: '2015-06-30' })).rejects('forbidden', /^Only the group leader or the coordinator may add tasks$/);
    });
  });

  describe('tasks', () => {
    const withTask = [...ledByP2(), taskAdded('m3')];

    it('reassigns to another member or deadline; refuses a reassignment that changes nothing', () => {
      given(withTask)
        .when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm3', deadline: '2015-07-31' }))
        .then([{ type: 'TaskReassigned', data: { taskId: 't1', previousResponsibleMemberId: 'm3', responsibleMemberId: 'm3', deadline: '2015-07-31', reassignedAt: AT } }]);
      given(withTask)
        .when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm4' }))
        .then([{ type: 'TaskReassigned', data: { taskId: 't1', previousResponsibleMemberId: 'm3', responsibleMemberId: 'm4', deadline: '2015-06-30', reassignedAt: AT } }]);
      given(withTask).when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm3' })).rejects('rule_broken', /^That is already how the task stands$/);
      given(withTask).when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm3', deadline: '2015-06-30' })).rejects('rule_broken', /^That is already how the task stands$/);
    });

    it('says when a completed task was completed; lets the responsible member’s representative complete it', () => {
      const completed: GroupEvent = { type: 'TaskCompleted', data: { taskId: 't1', completedAt: '2015-05-04T08:00:00.000Z' } };
      given([...withTask, completed]).when(command('CompleteTask', 'p2', { taskId: 't1' })).rejects('rule_broken', /^Task 't1' was completed on 2015-05-04$/);
      given(withTask).when(command('CompleteTask', 'p3', { taskId: 't1' })).then([{ type: 'TaskCompleted', data: { taskId: 't1', completedAt: AT } }]);
      given(withTask).when(command('CompleteTask', 'p2', { taskId: 'nope' })).rejects('not_found', /^Task 'nope' does not exist$/);
    });
  });

  it('takes the minimum group size from the charter in force', () => {
    expect(groupClusterFacts(fold(clusterDecider, [])).minimumGroupSize).toBe(3);
    expect(facts().minimumGroupSize).toBe(3);
    expect(fold(groupDecider, [requested()]).active).toBe(false);
  });
});
