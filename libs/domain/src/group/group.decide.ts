import { requireResolution } from '../cluster/resolution-rules';
import { conflict, forbidden, notFound, ruleBroken } from '../shared/rejection';
import { factMember, isCoordinatorIn, representedIn, type GroupClusterMember, type GroupClusterFacts } from './cluster-facts';
import type { GroupCommand, GroupCommandOf } from './group.commands';
import type { GroupEvent } from './group.events';
import { groupMemberIds, isGroupMember, type GroupState, type TaskState } from './group.state';

export function decideGroup(command: GroupCommand, state: GroupState): GroupEvent[] {
  if (command.type === 'RequestGroup') return request(command, state);
  if (!state.exists) throw notFound(`Group '${command.groupId}' does not exist`);
  // The handler loads the group's own cluster; anything else is a wiring error worth refusing loudly.
  if (command.cluster.clusterId !== state.clusterId) throw notFound(`Group '${command.groupId}' is not in cluster '${command.cluster.clusterId}'`);
  if (state.dissolved) throw ruleBroken(`The group was dissolved (${state.dissolved.at.slice(0, 10)}) and records nothing more`);
  const { cluster: facts, actor } = command;
  switch (command.type) {
    case 'JoinGroup':
      return join(command, state);
    case 'LeaveGroup':
      return leave(command, state);
    case 'SetMembershipConditions':
      if (!representsGroupMember(state, facts, actor) && !isActingLeader(state, facts, actor)) {
        throw forbidden("Only a group member's representative or the group leader may set the group's conditions");
      }
      return [{ type: 'MembershipConditionsSet', data: { conditions: command.conditions, setAt: command.at } }];
    case 'AppointGroupLeader':
      return appointLeader(command, state);
    case 'AddTask':
      return addTask(command, state);
    case 'CompleteTask': {
      const task = openTask(state, command.taskId);
      const responsible = factMember(facts, task.responsibleMemberId);
      const isResponsible = responsible?.status === 'active' && responsible.representativePersonId === actor;
      if (!isResponsible) requireLeaderOrCoordinator(state, facts, actor, 'complete a task (or the responsible member’s representative)');
      return [{ type: 'TaskCompleted', data: { taskId: task.taskId, completedAt: command.at } }];
    }
    case 'ReassignTask':
      return reassign(command, state);
    case 'DissolveGroup':
      requireLeaderOrCoordinator(state, facts, actor, 'dissolve the group');
      return [{ type: 'GroupDissolved', data: { reason: command.reason, dissolvedAt: command.at } }];
  }
}

function request(c: GroupCommandOf<'RequestGroup'>, state: GroupState): GroupEvent[] {
  if (state.exists) throw conflict(`Group id '${c.groupId}' is already in use`);
  if (c.clusterId !== c.cluster.clusterId) throw notFound(`Cluster '${c.clusterId}' does not exist`);
  const facts = c.cluster;
  if (c.requestedBy.kind === 'members') {
    const requesters = unique(c.requestedBy.memberIds, 'requesting member');
    for (const id of requesters) activeClusterMember(facts, id);
    if (!requesters.some((id) => factMember(facts, id)!.representativePersonId === c.actor)) {
      throw forbidden('Only the representative of one of the requesting members may file the request');
    }
    // A member enrols only by its own request: initial members come from the requesters.
    const outsider = c.initialMemberIds.find((id) => !requesters.includes(id));
    if (outsider) throw ruleBroken(`${outsider} did not request the group, so it joins on its own (POST …/members)`);
  } else {
    if (!isCoordinatorIn(facts, c.actor)) throw forbidden('Only the coordinator records a group requested by council resolution');
    requireCouncilResolution(c);
  }
  const initial = unique(c.initialMemberIds, 'initial member');
  for (const id of initial) activeClusterMember(facts, id);
  const { groupId, clusterId, name, purpose, deadline, requestedBy } = c;
  return [
    { type: 'GroupRequested', data: { groupId, clusterId, name, purpose, deadline, requestedBy, requestedAt: c.at } },
    ...initial.map((memberId): GroupEvent => ({ type: 'MemberJoinedGroup', data: { memberId, joinedAt: c.at } })),
    ...thresholdCrossing(false, initial.length, facts, c.at),
  ];
}

/**
 * The cited resolution must be a council's group-creation vote about this very group, adopted, and
 * numbered as cited: the request records it as the council decided it, not as someone remembers it.
 */
function requireCouncilResolution(c: GroupCommandOf<'RequestGroup'>): void {
  if (c.requestedBy.kind !== 'council_resolution') return;
  const cited = c.requestedBy.resolution;
  const facts = requireResolution(c.resolution, { decisionKind: 'group_creation', generalMeeting: false, subject: { kind: 'group_creation', groupId: c.groupId } });
  if (facts.meetingKind !== 'council') {
    throw ruleBroken(`Resolution ${facts.resolution.number} was taken by a ${facts.meetingKind.replace('_', ' ')} meeting, not by the council`);
  }
  if (facts.outcome !== 'adopted') throw ruleBroken(`Resolution ${facts.resolution.number} rejected the group`);
  if (facts.resolution.number !== cited.number) {
    throw ruleBroken(`That vote became resolution ${facts.resolution.number}, not ${cited.number}`);
  }
}

function join(c: GroupCommandOf<'JoinGroup'>, state: GroupState): GroupEvent[] {
  const member = activeClusterMember(c.cluster, c.memberId);
  if (member.representativePersonId !== c.actor && !isCoordinatorIn(c.cluster, c.actor)) {
    throw forbidden(`Only the representative of ${c.memberId} (or the coordinator) may enrol it`);
  }
  if (isGroupMember(state, c.memberId)) throw conflict(`${c.memberId} is already a member of the group`);
  const count = groupMemberIds(state).length + 1;
  return [{ type: 'MemberJoinedGroup', data: { memberId: c.memberId, joinedAt: c.at } }, ...thresholdCrossing(state.active, count, c.cluster, c.at)];
}

function leave(c: GroupCommandOf<'LeaveGroup'>, state: GroupState): GroupEvent[] {
  if (!isGroupMember(state, c.memberId)) throw notFound(`${c.memberId} is not a member of the group`);
  const member = factMember(c.cluster, c.memberId);
  const withdrew = !member || member.status === 'withdrawn';
  const entitled =
    isCoordinatorIn(c.cluster, c.actor) ||
    (withdrew ? isActingLeader(state, c.cluster, c.actor) : member.representativePersonId === c.actor);
  if (!entitled) {
    throw forbidden(withdrew ? 'Only the group leader or the coordinator may record that a withdrawn member left' : `Only the representative of ${c.memberId} (or the coordinator) may take it out of the group`);
  }
  const count = groupMemberIds(state).length - 1;
  return [
    { type: 'MemberLeftGroup', data: { memberId: c.memberId, leftAt: c.at, reason: withdrew ? 'withdrew_from_cluster' : 'left' } },
    ...thresholdCrossing(state.active, count, c.cluster, c.at),
  ];
}

function appointLeader(c: GroupCommandOf<'AppointGroupLeader'>, state: GroupState): GroupEvent[] {
  if (!representsGroupMember(state, c.cluster, c.actor) && !isCoordinatorIn(c.cluster, c.actor)) {
    throw forbidden("Only a group member's representative or the coordinator may appoint the leader");
  }
  const represented = representedIn(c.cluster, c.personId).find((m) => isGroupMember(state, m.memberId));
  if (!represented) throw ruleBroken(`${c.personId} does not represent a member of the group`);
  if (state.leader?.personId === c.personId) throw ruleBroken(`${c.personId} already leads the group`);
  // Nothing here looks at other groups: one person may lead several.
  return [{ type: 'GroupLeaderAppointed', data: { personId: c.personId, memberId: represented.memberId, appointedAt: c.at } }];
}

function addTask(c: GroupCommandOf<'AddTask'>, state: GroupState): GroupEvent[] {
  requireLeaderOrCoordinator(state, c.cluster, c.actor, 'add tasks');
  const count = groupMemberIds(state).length;
  if (count < c.cluster.minimumGroupSize) {
    throw ruleBroken(`The group is not active: it has ${count} of the ${c.cluster.minimumGroupSize} members the charter requires`);
  }
  if (state.tasks[c.taskId]) throw conflict(`Task '${c.taskId}' already exists`);
  responsibleGroupMember(state, c.cluster, c.responsibleMemberId);
  const { taskId, title, responsibleMemberId, deadline } = c;
  return [{ type: 'TaskAdded', data: { taskId, title, responsibleMemberId, deadline, addedAt: c.at } }];
}

function reassign(c: GroupCommandOf<'ReassignTask'>, state: GroupState): GroupEvent[] {
  requireLeaderOrCoordinator(state, c.cluster, c.actor, 'reassign tasks');
  const task = openTask(state, c.taskId);
  responsibleGroupMember(state, c.cluster, c.responsibleMemberId);
  const deadline = c.deadline ?? task.deadline;
  if (c.responsibleMemberId === task.responsibleMemberId && deadline === task.deadline) throw ruleBroken('That is already how the task stands');
  return [
    {
      type: 'TaskReassigned',
      data: { taskId: task.taskId, previousResponsibleMemberId: task.responsibleMemberId, responsibleMemberId: c.responsibleMemberId, deadline, reassignedAt: c.at },
    },
  ];
}

/** GroupBecameActive / GroupBecameInactive when the new count crosses the charter's minimum. */
function thresholdCrossing(wasActive: boolean, memberCount: number, facts: GroupClusterFacts, at: string): GroupEvent[] {
  const active = memberCount >= facts.minimumGroupSize;
  if (active === wasActive) return [];
  const data = { memberCount, minimumGroupSize: facts.minimumGroupSize, at };
  return [active ? { type: 'GroupBecameActive', data } : { type: 'GroupBecameInactive', data }];
}

/** Only cluster members may be in a group; a withdrawn one can no longer act or join. */
function activeClusterMember(facts: GroupClusterFacts, memberId: string): GroupClusterMember {
  const member = factMember(facts, memberId);
  if (!member) throw ruleBroken(`${memberId} is not a member of the cluster; only cluster members may take part in its groups`);
  if (member.status === 'withdrawn') throw forbidden(`${memberId} has withdrawn from the cluster and can no longer act`);
  return member;
}

function responsibleGroupMember(state: GroupState, facts: GroupClusterFacts, memberId: string): void {
  if (!isGroupMember(state, memberId)) throw ruleBroken(`${memberId} is not a member of the group, so it cannot be responsible for a task`);
  activeClusterMember(facts, memberId);
}

function openTask(state: GroupState, taskId: string): TaskState {
  const task = state.tasks[taskId];
  if (!task) throw notFound(`Task '${taskId}' does not exist`);
  if (task.completedAt) throw ruleBroken(`Task '${taskId}' was completed on ${task.completedAt.slice(0, 10)}`);
  return task;
}

/** The person represents an active cluster member that is in the group. */
const representsGroupMember = (state: GroupState, facts: GroupClusterFacts, personId: string) =>
  representedIn(facts, personId).some((m) => isGroupMember(state, m.memberId));

/** The leader acts as leader only while still representing a member of the group. */
const isActingLeader = (state: GroupState, facts: GroupClusterFacts, personId: string) =>
  state.leader?.personId === personId && representsGroupMember(state, facts, personId);

function requireLeaderOrCoordinator(state: GroupState, facts: GroupClusterFacts, personId: string, what: string): void {
  if (!isActingLeader(state, facts, personId) && !isCoordinatorIn(facts, personId)) {
    throw forbidden(`Only the group leader or the coordinator may ${what}`);
  }
}

function unique(ids: string[], what: string): string[] {
  if (new Set(ids).size !== ids.length) throw ruleBroken(`Each ${what} may be named once`);
  return ids;
}
