import { groupMemberIds, isPresent, isTaskOverdue, membersRepresentedBy, type ClusterState, type GroupState, type MeetingState } from '@klaster/domain';

/**
 * A person's inbox, computed from the read models (pure): across the clusters where they represent a
 * member,
 * - the open votes they may cast now: the meeting is open, the vote is open, and a member they
 *   represent is entitled to vote (an active ordinary member; at a working-group meeting, also a
 *   member of the group), recorded present and has not voted — or such a member's proxy is held by a
 *   present member they represent;
 * - the open tasks of the members they represent (groups not dissolved), overdue flagged at `at`.
 */
export interface InboxInput {
  personId: string;
  clusters: ClusterState[];
  meetings: MeetingState[];
  groups: GroupState[];
  at: string;
}

export function inbox({ personId, clusters, meetings, groups, at }: InboxInput) {
  const votes = [];
  const tasks = [];
  for (const cluster of [...clusters].sort((a, b) => a.clusterId.localeCompare(b.clusterId))) {
    const mine = new Set(membersRepresentedBy(cluster, personId).map((m) => m.memberId));
    if (mine.size === 0) continue;
    const groupsOfCluster = groups.filter((g) => g.exists && g.clusterId === cluster.clusterId);

    const open = meetings
      .filter((m) => m.exists && m.clusterId === cluster.clusterId && m.status === 'open')
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor) || a.meetingId.localeCompare(b.meetingId));
    for (const meeting of open) {
      const group = meeting.kind === 'working_group' ? groupsOfCluster.find((g) => g.groupId === meeting.groupId) : undefined;
      const groupMembers = group ? new Set(groupMemberIds(group)) : undefined;
      const entitled = (memberId: string) => {
        const member = cluster.members[memberId];
        return !!member && member.status === 'active' && member.kind === 'ordinary' && (meeting.kind !== 'working_group' || !!groupMembers?.has(memberId));
      };
      for (const vote of Object.values(meeting.votes).filter((v) => v.status === 'open')) {
        const item = (memberId: string, via: { as: 'representative' } | { as: 'proxy'; holderMemberId: string }) => ({
          clusterId: cluster.clusterId,
          meetingId: meeting.meetingId,
          meetingTitle: meeting.title,
          meetingKind: meeting.kind,
          voteId: vote.voteId,
          motion: vote.motion,
          secrecy: vote.secrecy,
          decisionKind: vote.decisionKind,
          memberId,
          organisation: cluster.members[memberId]?.organisation.name ?? null,
          ...via,
        });
        const canCast = (memberId: string) => entitled(memberId) && !vote.ballots.has(memberId);
        for (const memberId of [...mine].sort()) {
          if (canCast(memberId) && isPresent(meeting, memberId)) votes.push(item(memberId, { as: 'representative' }));
        }
        for (const [grantor, proxy] of Object.entries(meeting.proxies).sort(([a], [b]) => a.localeCompare(b))) {
          if (mine.has(proxy.holderMemberId) && isPresent(meeting, proxy.holderMemberId) && canCast(grantor)) {
            votes.push(item(grantor, { as: 'proxy', holderMemberId: proxy.holderMemberId }));
          }
        }
      }
    }

    for (const group of groupsOfCluster.filter((g) => !g.dissolved).sort((a, b) => a.groupId.localeCompare(b.groupId))) {
      for (const task of Object.values(group.tasks)) {
        if (task.completedAt || !mine.has(task.responsibleMemberId)) continue;
        tasks.push({
          clusterId: cluster.clusterId,
          groupId: group.groupId,
          groupName: group.name,
          taskId: task.taskId,
          title: task.title,
          responsibleMemberId: task.responsibleMemberId,
          deadline: task.deadline,
          overdue: isTaskOverdue(task, at, cluster.timeZone),
        });
      }
    }
  }
  tasks.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.taskId.localeCompare(b.taskId));
  return { personId, at, votes, tasks };
}

export type Inbox = ReturnType<typeof inbox>;
