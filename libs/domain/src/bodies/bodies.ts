import { activeMembers, currentCharter, type ClusterState, type MemberState } from '../cluster/cluster.state';
import { groupMemberIds, type GroupState } from '../group/group.state';

/** The kinds of body a cluster's charter sets up; a body's id is the one its resolution register uses. */
export type BodyKind = 'council' | 'general_meeting' | 'working_group' | 'forum';

/** A member's seat on a body: who represents it there, and whether (and with what weight) it votes. */
export interface BodySeat {
  memberId: string;
  organisation: string;
  sector: MemberState['organisation']['sector'];
  kind: MemberState['kind'];
  representative: MemberState['representative'];
  votes: boolean;
  /** The weight of its vote (1 unless the charter weighs votes); 0 for a member that attends without a vote. */
  weight: number;
}

export interface Body {
  /** As in the register: council, general_meeting, group:<groupId>, forum. */
  body: string;
  kind: BodyKind;
  /** The charter's name for the body (the group's own name for a working group); null for the forum, which the charter does not name. */
  name: string | null;
  groupId: string | null;
  /** A working group below the charter's minimum size is inactive; the other bodies are always active. */
  status: 'active' | 'inactive';
  members: BodySeat[];
  /** How many of its members vote there. */
  voting: number;
}

/**
 * Who sits on each body of the cluster, from its state (and its groups') at one moment — now, or as
 * folded for a past day. The rules are those the meetings apply:
 * - the council: one representative per member (the seed agreements: "po jednym przedstawicielu
 *   każdego z Członków");
 * - the general meeting, and the open forum: every member;
 * - a working group: its members (dissolved groups sit no more);
 * and in each only active ordinary members vote. Honorary members sit on the council, the general
 * meeting and the forum without a vote where the charter lets them attend (honoraryMembersAttend), and
 * not at all where it does not; one that joined a working group sits there without a vote. Withdrawn
 * members sit nowhere.
 */
export function bodiesOf(cluster: ClusterState, groups: readonly GroupState[]): Body[] {
  const { charter } = currentCharter(cluster);
  const seatOf = (m: MemberState): BodySeat => {
    const votes = m.kind === 'ordinary';
    return {
      memberId: m.memberId,
      organisation: m.organisation.name,
      sector: m.organisation.sector,
      kind: m.kind,
      representative: m.representative,
      votes,
      weight: votes ? (charter.weightedVoting ? m.votingWeight : 1) : 0,
    };
  };
  const sits = (m: MemberState) => m.kind === 'ordinary' || charter.honoraryMembersAttend;
  const seats = (members: MemberState[]) => members.filter(sits).map(seatOf);
  const body = (b: Omit<Body, 'voting'>): Body => ({ ...b, voting: b.members.filter((m) => m.votes).length });
  const everyone = seats(activeMembers(cluster));

  const workingGroups = groups
    .filter((g) => g.exists && g.clusterId === cluster.clusterId && !g.dissolved)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.groupId.localeCompare(b.groupId))
    .map((g) => {
      const inGroup = new Set(groupMemberIds(g));
      return body({
        body: `group:${g.groupId}`,
        kind: 'working_group',
        name: g.name,
        groupId: g.groupId,
        status: g.active ? 'active' : 'inactive',
        // A group's members are its own: an honorary member that joined it sits there (without a vote) whatever the charter says of meetings.
        members: activeMembers(cluster).filter((m) => inGroup.has(m.memberId)).map(seatOf),
      });
    });

  return [
    body({ body: 'council', kind: 'council', name: charter.bodies.council, groupId: null, status: 'active', members: everyone }),
    body({ body: 'general_meeting', kind: 'general_meeting', name: charter.bodies.generalMeeting, groupId: null, status: 'active', members: everyone }),
    ...workingGroups,
    body({ body: 'forum', kind: 'forum', name: null, groupId: null, status: 'active', members: everyone }),
  ];
}
