import { List } from 'immutable';
import {
  defaultCharter,
  initialClusterState,
  initialGroupState,
  initialMeetingState,
  noBallots,
  noCount,
  type Charter,
  type ClusterState,
  type GroupState,
  type MeetingState,
  type MemberState,
  type TaskState,
  type VoteState,
} from '@klaster/domain';

/** Hand-built read-model states for the pure read functions' specs. */
export function member(n: number, overrides: Partial<MemberState> = {}): MemberState {
  const representative = { personId: `p${n}`, role: 'Prezes' };
  return {
    memberId: `m${n}`,
    organisation: { name: `Org ${n}`, sector: 'business' },
    kind: 'ordinary',
    votingWeight: 1,
    representative,
    representativeHistory: List([{ ...representative, from: '2023-01-10' }]),
    admittedOn: '2023-01-10',
    founding: true,
    status: 'active',
    ...overrides,
  };
}

export function cluster(overrides: Partial<ClusterState> & { charter?: Partial<Charter> } = {}): ClusterState {
  const { charter, ...rest } = overrides;
  const members = Object.fromEntries([1, 2, 3, 4].map((n) => [`m${n}`, member(n)]));
  return {
    ...initialClusterState(),
    founded: true,
    clusterId: 'k1',
    name: 'Klaster',
    foundedOn: '2023-01-10',
    coordinatorMemberId: 'm1',
    charters: [{ version: 1, charter: { ...defaultCharter, ...charter } }],
    agreements: [{ version: 1, title: 'Porozumienie', sections: [], textHash: '0'.repeat(64), inForceSince: '2023-01-10' }],
    members,
    ...rest,
  };
}

export function meeting(meetingId: string, overrides: Partial<MeetingState> = {}): MeetingState {
  return { ...initialMeetingState(), exists: true, meetingId, clusterId: 'k1', kind: 'council', title: meetingId, scheduledFor: '2024-03-14T10:00:00.000Z', status: 'closed', ...overrides };
}

export function vote(voteId: string, overrides: Partial<VoteState> = {}): VoteState {
  return {
    voteId,
    agendaItemId: 'a1',
    motion: `Motion ${voteId}`,
    secrecy: 'named',
    decisionKind: 'ordinary_resolution',
    subject: { kind: 'general' } as VoteState['subject'],
    rule: defaultCharter.decisionRules.ordinary_resolution,
    charterVersion: 1,
    status: 'open',
    ballots: noBallots(),
    count: noCount(false),
    ...overrides,
  };
}

export const present = (personId: string) => ({ personId, presence: 'in_person' as const, at: '2024-03-14T10:00:00.000Z' });

export function group(groupId: string, overrides: Partial<GroupState> & { members?: string[] } = {}): GroupState {
  const { members = ['m1', 'm2', 'm3'], ...rest } = overrides;
  return {
    ...initialGroupState(),
    exists: true,
    groupId,
    clusterId: 'k1',
    name: `Group ${groupId}`,
    purpose: 'x',
    deadline: '2030-12-31',
    requestedAt: '2024-01-05T10:00:00.000Z',
    memberships: members.map((memberId) => ({ memberId, joinedAt: '2024-01-05T10:00:00.000Z' })),
    active: members.length >= 3,
    ...rest,
  };
}

export function task(taskId: string, overrides: Partial<TaskState> = {}): TaskState {
  return { taskId, title: `Task ${taskId}`, responsibleMemberId: 'm2', deadline: '2024-06-30', addedAt: '2024-02-01T10:00:00.000Z', reassignments: [], ...overrides };
}
