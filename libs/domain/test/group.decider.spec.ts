import { fold } from '../src/shared/decider';
import { groupDecider } from '../src/group/group.decider';
import { isTaskOverdue } from '../src/group/group.state';
import type { GroupEvent } from '../src/group/group.events';
import type { ResolutionFacts } from '../src/meeting/resolution-facts';
import { specFor } from './given-when-then';
import { founded } from './cluster.fixtures';
import { AT, becameActive, command, facts, joined, ledByP2, requested, taskAdded, threeMembers, twoMembers } from './group.fixtures';

const given = specFor(groupDecider);
const groupInfo = { name: 'Grupa turystyki społecznej', purpose: 'Wspólna oferta turystyczna', deadline: '2015-12-31' };
const byMembers = (memberIds: string[], initialMemberIds: string[] = []) =>
  ({ clusterId: 'wmkes', ...groupInfo, requestedBy: { kind: 'members' as const, memberIds }, initialMemberIds });
const dissolved: GroupEvent = { type: 'GroupDissolved', data: { reason: 'Zadanie wykonane', dissolvedAt: AT } };

describe('group decider', () => {
  describe('cluster facts', () => {
    it('carries each member’s kind, status and representative, the coordinator and the charter’s minimum group size', () => {
      const f = facts();
      expect(f).toMatchObject({ clusterId: 'wmkes', coordinatorMemberId: 'm1', minimumGroupSize: 3 });
      expect(f.members.find((m) => m.memberId === 'm9')).toEqual({ memberId: 'm9', kind: 'honorary', status: 'active', representativePersonId: 'p9' });
      expect(f.members.find((m) => m.memberId === 'm5')?.status).toBe('withdrawn');
      expect(facts(founded({ charter: { minimumGroupSize: 5 } })).minimumGroupSize).toBe(5);
    });
  });

  describe('requesting a group', () => {
    it('records a request by members, with its initial members, inactive below the minimum', () => {
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2', 'm3'], ['m2', 'm3']) })).then(twoMembers());
    });

    it('is active at once when the initial members reach the minimum', () => {
      given([])
        .when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2', 'm3', 'm4'], ['m2', 'm3', 'm4']) }))
        .then([requested('g1', { kind: 'members', memberIds: ['m2', 'm3', 'm4'] }), joined('m2'), joined('m3'), joined('m4'), becameActive()]);
    });

    it('must be filed by the representative of one of the requesting members', () => {
      given([]).when(command('RequestGroup', 'p4', { groupId: 'g1', ...byMembers(['m2', 'm3']) })).rejects('forbidden', /requesting members/);
    });

    it('refuses a requester that is not a member of the cluster, or has withdrawn', () => {
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2', 'x7']) })).rejects('rule_broken', /not a member of the cluster/);
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2', 'm5']) })).rejects('forbidden', /withdrawn/);
    });

    it('enrols at request only members that asked for the group', () => {
      given([]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2'], ['m2', 'm4']) })).rejects('rule_broken', /did not request/);
    });

    describe('by council resolution', () => {
      const cited = { meetingId: 'rada-7', voteId: 'v2', number: '3/2015' };
      const body = { groupId: 'g1', clusterId: 'wmkes', ...groupInfo, requestedBy: { kind: 'council_resolution' as const, resolution: cited }, initialMemberIds: [] };
      /** The closed vote as the handler reads it from the meeting. */
      const vote = (over: Partial<ResolutionFacts> = {}): ResolutionFacts => ({
        meetingId: 'rada-7',
        voteId: 'v2',
        meetingKind: 'council',
        decisionKind: 'group_creation',
        subject: { kind: 'group_creation', groupId: 'g1' },
        outcome: 'adopted',
        resolution: { number: '3/2015', body: 'council', sequence: 3, year: 2015 },
        charterVersion: 1,
        ...over,
      });
      const request = (actor: string, resolution: ResolutionFacts | undefined) => command('RequestGroup', actor, { ...body, resolution });

      it('records the council’s adopted group-creation resolution, filed by the coordinator', () => {
        given([]).when(request('p1', vote())).then([requested('g1', body.requestedBy)]);
      });

      it('is refused to anyone but the coordinator', () => {
        given([]).when(request('p2', vote())).rejects('forbidden', /coordinator/);
      });

      it('is refused when the cited vote does not exist or is still open', () => {
        given([]).when(request('p1', undefined)).rejects('not_found', /No closed vote/);
      });

      it('is refused when the resolution is not the council’s adopted group-creation vote about this group, numbered as cited', () => {
        given([]).when(request('p1', vote({ meetingKind: 'general' }))).rejects('rule_broken', /general meeting, not by the council/);
        given([]).when(request('p1', vote({ meetingKind: 'extraordinary_general' }))).rejects('rule_broken', /^Resolution 3\/2015 was taken by a extraordinary general meeting, not by the council$/);
        given([]).when(request('p1', vote({ decisionKind: 'ordinary_resolution' }))).rejects('rule_broken', /ordinary resolution vote, not a group creation vote/);
        given([]).when(request('p1', vote({ subject: { kind: 'group_creation', groupId: 'g9' } }))).rejects('rule_broken', /about something else/);
        given([]).when(request('p1', vote({ outcome: 'rejected' }))).rejects('rule_broken', /rejected the group/);
        given([]).when(request('p1', vote({ resolution: { number: '4/2015', body: 'council', sequence: 4, year: 2015 } }))).rejects('rule_broken', /became resolution 4\/2015, not 3\/2015/);
      });
    });

    it('refuses a group id already in use', () => {
      given([requested()]).when(command('RequestGroup', 'p2', { groupId: 'g1', ...byMembers(['m2']) })).rejects('conflict', /Group id 'g1' is already in use/);
    });
  });

  describe('membership and the minimum size', () => {
    it('is inactive at 2 members, becomes active when the 3rd joins, and inactive again at 2', () => {
      expect(fold(groupDecider, twoMembers()).active).toBe(false);
      given(twoMembers()).when(command('JoinGroup', 'p4', { memberId: 'm4' })).then([joined('m4'), becameActive()]);
      expect(fold(groupDecider, threeMembers()).active).toBe(true);

      const left: GroupEvent[] = [
        { type: 'MemberLeftGroup', data: { memberId: 'm4', leftAt: AT, reason: 'left' } },
        { type: 'GroupBecameInactive', data: { memberCount: 2, minimumGroupSize: 3, at: AT } },
      ];
      given(threeMembers()).when(command('LeaveGroup', 'p4', { memberId: 'm4' })).then(left);
      const state = fold(groupDecider, [...threeMembers(), ...left]);
      expect(state.active).toBe(false);
      expect(state.activity.map((a) => [a.active, a.memberCount])).toEqual([[true, 3], [false, 2]]);
    });

    it('records no crossing when the count stays on the same side of the minimum', () => {
      given(threeMembers()).when(command('JoinGroup', 'p1', { memberId: 'm1' })).then([joined('m1')]);
    });

    it('follows the charter’s minimum: at 4, three members are not enough', () => {
      const cluster = facts(founded({ members: 5, charter: { minimumGroupSize: 4 } }));
      given(twoMembers()).when({ ...command('JoinGroup', 'p4', { memberId: 'm4' }), cluster }).then([joined('m4')]);
    });

    it('refuses a member of no cluster: only cluster members may join', () => {
      given(twoMembers()).when(command('JoinGroup', 'p1', { memberId: 'x7' })).rejects('rule_broken', /only cluster members/);
    });

    it('lets an honorary member join', () => {
      given(twoMembers()).when(command('JoinGroup', 'p9', { memberId: 'm9' })).then([joined('m9'), becameActive()]);
    });

    it('refuses a withdrawn member, who can neither join nor act', () => {
      given(twoMembers()).when(command('JoinGroup', 'p1', { memberId: 'm5' })).rejects('forbidden', /withdrawn/);
      given([...twoMembers(), joined('m5')]).when(command('SetMembershipConditions', 'p5', { conditions: 'x' })).rejects('forbidden', /Only a group member's representative or the group leader may set the group's conditions/);
    });

    it('enrols a member by its own representative or by the coordinator, nobody else', () => {
      given(twoMembers()).when(command('JoinGroup', 'p2', { memberId: 'm4' })).rejects('forbidden', /Only the representative of m4 \(or the coordinator\) may enrol it/);
      given(twoMembers()).when(command('JoinGroup', 'p1', { memberId: 'm4' })).then([joined('m4'), becameActive()]);
    });

    it('refuses joining twice, and leaving a group one is not in', () => {
      given(twoMembers()).when(command('JoinGroup', 'p2', { memberId: 'm2' })).rejects('conflict', /m2 is already a member of the group/);
      given(twoMembers()).when(command('LeaveGroup', 'p4', { memberId: 'm4' })).rejects('not_found', /m4 is not a member of the group/);
    });

    it('keeps a member that withdrew from the cluster in the history; the leader records that it left', () => {
      const withdrawnInGroup = [...ledByP2(), joined('m5')];
      given(withdrawnInGroup).when(command('LeaveGroup', 'p3', { memberId: 'm5' })).rejects('forbidden', /withdrawn member/);
      const events = given(withdrawnInGroup).when(command('LeaveGroup', 'p2', { memberId: 'm5' })).events();
      expect(events).toEqual([{ type: 'MemberLeftGroup', data: { memberId: 'm5', leftAt: AT, reason: 'withdrew_from_cluster' } }]);
      const state = fold(groupDecider, [...withdrawnInGroup, ...events]);
      expect(state.memberships.find((m) => m.memberId === 'm5')).toMatchObject({ joinedAt: AT, leftAt: AT, leftBecause: 'withdrew_from_cluster' });
    });
  });

  describe('conditions of membership', () => {
    it('are set by the group itself: a group member’s representative or the leader', () => {
      given(twoMembers())
        .when(command('SetMembershipConditions', 'p3', { conditions: 'Udział w co najmniej dwóch spotkaniach rocznie' }))
        .then([{ type: 'MembershipConditionsSet', data: { conditions: 'Udział w co najmniej dwóch spotkaniach rocznie', setAt: AT } }]);
      given(twoMembers()).when(command('SetMembershipConditions', 'p4', { conditions: 'x' })).rejects('forbidden', /Only a group member's representative or the group leader may set the group's conditions/);
      given(twoMembers()).when(command('SetMembershipConditions', 'p1', { conditions: 'x' })).rejects('forbidden', /Only a group member's representative or the group leader may set the group's conditions/);
    });
  });

  describe('the leader', () => {
    const appointed = (personId: string, memberId: string): GroupEvent => ({ type: 'GroupLeaderAppointed', data: { personId, memberId, appointedAt: AT } });

    it('is appointed by a group member’s representative or the coordinator, from the group’s representatives', () => {
      given(threeMembers()).when(command('AppointGroupLeader', 'p3', { personId: 'p2' })).then([appointed('p2', 'm2')]);
      given(threeMembers()).when(command('AppointGroupLeader', 'p1', { personId: 'p4' })).then([appointed('p4', 'm4')]);
      given(threeMembers()).when(command('AppointGroupLeader', 'p9', { personId: 'p2' })).rejects('forbidden', /Only a group member's representative or the coordinator may appoint the leader/);
    });

    it('must represent a member of the group', () => {
      given(threeMembers()).when(command('AppointGroupLeader', 'p1', { personId: 'p1' })).rejects('rule_broken', /does not represent a member/);
    });

    it('may lead several groups: one person leading two', () => {
      given(threeMembers('g1')).when(command('AppointGroupLeader', 'p3', { personId: 'p2' }, 'g1')).then([appointed('p2', 'm2')]);
      given(threeMembers('g2')).when(command('AppointGroupLeader', 'p4', { personId: 'p2' }, 'g2')).then([appointed('p2', 'm2')]);
      given(ledByP2('g2')).when(command('AddTask', 'p2', { taskId: 't1', title: 'x', responsibleMemberId: 'm3', deadline: '2015-06-30' }, 'g2')).thenContains([{ type: 'TaskAdded' }]);
    });

    it('acts as leader only while representing a member of the group', () => {
      const leaderLeft: GroupEvent = { type: 'MemberLeftGroup', data: { memberId: 'm2', leftAt: AT, reason: 'left' } };
      given([...ledByP2(), joined('m1'), leaderLeft]).when(command('DissolveGroup', 'p2', { reason: 'x' })).rejects('forbidden', /Only the group leader or the coordinator may dissolve the group/);
    });
  });

  describe('tasks', () => {
    const add = (actor: string, responsibleMemberId = 'm3') =>
      command('AddTask', actor, { taskId: 't1', title: 'Katalog ofert', responsibleMemberId, deadline: '2015-06-30' });

    it('are added by the leader or the coordinator while the group is active', () => {
      given(ledByP2()).when(add('p2')).then([taskAdded()]);
      given(ledByP2()).when(add('p1')).then([taskAdded()]);
      given(ledByP2()).when(add('p3')).rejects('forbidden', /Only the group leader or the coordinator may add tasks/);
    });

    it('cannot be added while the group is below its minimum', () => {
      given(twoMembers()).when(add('p1')).rejects('rule_broken', /not active: it has 2 of the 3/);
    });

    it('refuse a responsible member who is not in the group', () => {
      given(ledByP2()).when(add('p2', 'm9')).rejects('rule_broken', /not a member of the group/);
      given([...ledByP2(), taskAdded()]).when(command('AddTask', 'p2', { taskId: 't1', title: 'x', responsibleMemberId: 'm3', deadline: '2015-06-30' })).rejects('conflict', /Task 't1' already exists/);
    });

    it('are reassigned to another group member by the leader, keeping the deadline unless a new one is given', () => {
      const history = [...ledByP2(), taskAdded()];
      given(history)
        .when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm4' }))
        .then([{ type: 'TaskReassigned', data: { taskId: 't1', previousResponsibleMemberId: 'm3', responsibleMemberId: 'm4', deadline: '2015-06-30', reassignedAt: AT } }]);
      const moved = given(history).when(command('ReassignTask', 'p1', { taskId: 't1', responsibleMemberId: 'm4', deadline: '2015-09-30' })).events();
      expect(fold(groupDecider, [...history, ...moved]).tasks.t1).toMatchObject({ responsibleMemberId: 'm4', deadline: '2015-09-30', reassignments: [{ from: 'm3', to: 'm4' }] });
      given(history).when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm9' })).rejects('rule_broken', /not a member of the group/);
      given(history).when(command('ReassignTask', 'p3', { taskId: 't1', responsibleMemberId: 'm4' })).rejects('forbidden', /Only the group leader or the coordinator may reassign tasks/);
    });

    it('are completed by the responsible member’s representative (or the leader, or the coordinator), once', () => {
      const history = [...ledByP2(), taskAdded()];
      const completed: GroupEvent = { type: 'TaskCompleted', data: { taskId: 't1', completedAt: AT } };
      given(history).when(command('CompleteTask', 'p3', { taskId: 't1' })).then([completed]);
      given(history).when(command('CompleteTask', 'p2', { taskId: 't1' })).then([completed]);
      given(history).when(command('CompleteTask', 'p4', { taskId: 't1' })).rejects('forbidden', /Only the group leader or the coordinator may complete a task \(or the responsible member’s representative\)/);
      given([...history, completed]).when(command('CompleteTask', 'p3', { taskId: 't1' })).rejects('rule_broken', /completed/);
      given([...history, completed]).when(command('ReassignTask', 'p2', { taskId: 't1', responsibleMemberId: 'm4' })).rejects('rule_broken', /completed/);
      given(history).when(command('CompleteTask', 'p3', { taskId: 'nope' })).rejects('not_found', /Task 'nope' does not exist/);
    });

    it('are overdue when still open after their deadline day, in the cluster\'s zone', () => {
      const task = fold(groupDecider, [...ledByP2(), taskAdded()]).tasks.t1;
      expect(isTaskOverdue(task, '2015-06-30T21:00:00.000Z', 'Europe/Warsaw')).toBe(false);
      // 23:00 UTC on the deadline is already the next day in Warsaw (CEST), not yet in UTC.
      expect(isTaskOverdue(task, '2015-06-30T23:00:00.000Z', 'Europe/Warsaw')).toBe(true);
      expect(isTaskOverdue(task, '2015-06-30T23:00:00.000Z', 'UTC')).toBe(false);
      expect(isTaskOverdue(task, '2015-07-01T08:00:00.000Z', 'UTC')).toBe(true);
      expect(isTaskOverdue({ ...task, completedAt: AT }, '2015-07-01T08:00:00.000Z', 'Europe/Warsaw')).toBe(false);
    });
  });

  describe('dissolution', () => {
    it('is decided by the leader or the coordinator', () => {
      given(ledByP2()).when(command('DissolveGroup', 'p2', { reason: 'Zadanie wykonane' })).then([dissolved]);
      given(twoMembers()).when(command('DissolveGroup', 'p1', { reason: 'Zadanie wykonane' })).then([dissolved]);
      given(ledByP2()).when(command('DissolveGroup', 'p3', { reason: 'x' })).rejects('forbidden', /Only the group leader or the coordinator may dissolve the group/);
    });

    it('leaves a group that refuses everything', () => {
      const history = [...ledByP2(), dissolved];
      given(history).when(command('JoinGroup', 'p1', { memberId: 'm1' })).rejects('rule_broken', /dissolved/);
      given(history).when(command('AddTask', 'p2', { taskId: 't2', title: 'x', responsibleMemberId: 'm3', deadline: '2015-06-30' })).rejects('rule_broken', /dissolved/);
      given(history).when(command('LeaveGroup', 'p3', { memberId: 'm3' })).rejects('rule_broken', /dissolved/);
      given(history).when(command('DissolveGroup', 'p1', { reason: 'x' })).rejects('rule_broken', /dissolved/);
    });
  });

  it('answers not found for a group that was never requested, or a cluster that is not its own', () => {
    given([]).when(command('JoinGroup', 'p2', { memberId: 'm2' })).rejects('not_found', /Group 'g1' does not exist/);
    given(twoMembers()).when({ ...command('JoinGroup', 'p4', { memberId: 'm4' }), cluster: { ...facts(), clusterId: 'other' } }).rejects('not_found', /Group 'g1' is not in cluster 'other'/);
  });
});
