import type { GroupBody, GroupSummary, GroupView } from '../../../lib/api-types';
import { apiCommand, etagOf, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';

export const groupKey = (groupId: string) => ['groups', groupId] as const;
export const groupsKey = (clusterId: string) => ['clusters', clusterId, 'groups'] as const;

export const useGroup = (groupId: string) => useResource<GroupView>(groupKey(groupId));
export const useGroups = (clusterId: string) => useResource<GroupSummary[]>(groupsKey(clusterId));

const g = (groupId: string, tail: string) => `/groups/${seg(groupId)}/${tail}`;

export const groupCommands = {
  addTask: (groupId: string, body: GroupBody<'AddTask'>) => apiCommand(g(groupId, 'tasks'), body),
  /** Reassigning acts on the group as the leader saw it: If-Match, so a concurrent change answers 412. */
  reassign: (groupId: string, taskId: string, body: GroupBody<'ReassignTask'>, seenRevision: string | null) =>
    apiCommand(g(groupId, `tasks/${seg(taskId)}/reassignment`), body, { ifMatch: etagOf(seenRevision) }),
  complete: (groupId: string, taskId: string) => apiCommand(g(groupId, `tasks/${seg(taskId)}/completion`)),
  join: (groupId: string, body: GroupBody<'JoinGroup'>) => apiCommand(g(groupId, 'members'), body),
};
