import { dayIn } from '../shared/time-zone';
import type { GroupEvent, GroupRequester } from './group.events';

/** One stint of a member in the group; leaving closes it, and a later join opens another. */
export interface GroupMembership {
  memberId: string;
  joinedAt: string;
  leftAt?: string;
  leftBecause?: 'left' | 'withdrew_from_cluster';
}

export interface TaskState {
  taskId: string;
  title: string;
  responsibleMemberId: string;
  deadline: string;
  addedAt: string;
  completedAt?: string;
  reassignments: { from: string; to: string; deadline: string; at: string }[];
}

export interface GroupState {
  exists: boolean;
  groupId: string;
  clusterId: string;
  name: string;
  purpose: string;
  deadline: string;
  requestedBy?: GroupRequester;
  requestedAt: string;
  memberships: GroupMembership[];
  /** Changed only by GroupBecameActive / GroupBecameInactive, which the decider derives from the count. */
  active: boolean;
  activity: { active: boolean; at: string; memberCount: number; minimumGroupSize: number }[];
  conditions?: { text: string; setAt: string };
  leader?: { personId: string; memberId: string; since: string };
  tasks: Record<string, TaskState>;
  dissolved?: { reason: string; at: string };
}

export const initialGroupState = (): GroupState => ({
  exists: false,
  groupId: '',
  clusterId: '',
  name: '',
  purpose: '',
  deadline: '',
  requestedAt: '',
  memberships: [],
  active: false,
  activity: [],
  tasks: {},
});

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  switch (event.type) {
    case 'GroupRequested': {
      const { requestedAt, ...d } = event.data;
      return { ...state, ...d, exists: true, requestedAt };
    }
    case 'MemberJoinedGroup':
      return { ...state, memberships: [...state.memberships, { memberId: event.data.memberId, joinedAt: event.data.joinedAt }] };
    case 'MemberLeftGroup': {
      const { memberId, leftAt, reason } = event.data;
      return {
        ...state,
        memberships: state.memberships.map((m) => (m.memberId === memberId && !m.leftAt ? { ...m, leftAt, leftBecause: reason } : m)),
      };
    }
    case 'GroupBecameActive':
    case 'GroupBecameInactive': {
      const active = event.type === 'GroupBecameActive';
      return { ...state, active, activity: [...state.activity, { active, ...event.data }] };
    }
    case 'MembershipConditionsSet':
      return { ...state, conditions: { text: event.data.conditions, setAt: event.data.setAt } };
    case 'GroupLeaderAppointed': {
      const { personId, memberId, appointedAt } = event.data;
      return { ...state, leader: { personId, memberId, since: appointedAt } };
    }
    case 'TaskAdded': {
      const { addedAt, ...task } = event.data;
      return { ...state, tasks: { ...state.tasks, [task.taskId]: { ...task, addedAt, reassignments: [] } } };
    }
    case 'TaskReassigned': {
      const d = event.data;
      const task = state.tasks[d.taskId];
      const reassignment = { from: d.previousResponsibleMemberId, to: d.responsibleMemberId, deadline: d.deadline, at: d.reassignedAt };
      return {
        ...state,
        tasks: {
          ...state.tasks,
          [d.taskId]: { ...task, responsibleMemberId: d.responsibleMemberId, deadline: d.deadline, reassignments: [...task.reassignments, reassignment] },
        },
      };
    }
    case 'TaskCompleted': {
      const task = state.tasks[event.data.taskId];
      return { ...state, tasks: { ...state.tasks, [task.taskId]: { ...task, completedAt: event.data.completedAt } } };
    }
    case 'GroupDissolved':
      return { ...state, dissolved: { reason: event.data.reason, at: event.data.dissolvedAt } };
  }
}

// Questions the decider and the read side ask of a group's state.

export const groupMemberIds = (state: GroupState) => state.memberships.filter((m) => !m.leftAt).map((m) => m.memberId);

export const isGroupMember = (state: GroupState, memberId: string) => state.memberships.some((m) => m.memberId === memberId && !m.leftAt);

/** Overdue: still open after its deadline day (dates compared as UTC calendar days). */
/** A task is overdue once the day of its deadline has passed in the cluster's zone. */
export const isTaskOverdue = (task: TaskState, at: string, timeZone: string) => !task.completedAt && task.deadline < dayIn(at, timeZone);
