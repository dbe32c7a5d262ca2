import { forbidden, notFound, ruleBroken } from '../shared/rejection';
import { actsForVacantOffice, vacantOfficeConvenerText } from '../cluster/vacant-office';
import type { ClientMeetingCommand } from './meeting.commands';
import { isPresent, type MeetingState } from './meeting.state';

type Facts = Pick<ClientMeetingCommand, 'cluster' | 'groupMemberIds'>;
type ClusterMember = ClientMeetingCommand['cluster']['members'][number];

export const isCoordinator = (c: Facts & { actor: string }) => c.cluster.coordinatorPersonId === c.actor;

const electsLeaders = (kind: MeetingState['kind']) => kind === 'general' || kind === 'extraordinary_general';

/**
 * While the coordinator's office is vacant, the general meeting that elects a new leader is convened
 * and run by whoever the charter lets act for the office (`convenerWhileVacant`); once convened, by its
 * convener — or, if the convener may no longer act (it withdrew, or the meeting was convened by the
 * coordinator who then withdrew), by anyone who may.
 */
function actsForVacantOfficeAt(c: Facts & { actor: string }, state: Pick<MeetingState, 'kind'> & { convenedBy?: string }): boolean {
  if (c.cluster.coordinatorPersonId !== null || !electsLeaders(state.kind)) return false;
  const rule = c.cluster.charter.convenerWhileVacant;
  if (!actsForVacantOffice(rule, c.cluster.members, c.actor)) return false;
  const convener = state.convenedBy;
  return !convener || convener === c.actor || !actsForVacantOffice(rule, c.cluster.members, convener);
}

/** Who chairs the meeting: the coordinator, or whoever acts for its vacant office at a general meeting. */
export const chairs = (c: Facts & { actor: string }, state: Pick<MeetingState, 'kind'> & { convenedBy?: string }) => isCoordinator(c) || actsForVacantOfficeAt(c, state);

/** Coordinator (or who acts for its vacant office, at a general meeting), or — at a working-group meeting — the representative of a group member. */
export function requireConvener(c: Facts & { actor: string }, state: Pick<MeetingState, 'kind'> & { convenedBy?: string }, what: string): void {
  if (chairs(c, state)) return;
  const inGroup = state.kind === 'working_group' && c.cluster.members.some((m) => m.status === 'active' && m.personId === c.actor && c.groupMemberIds?.includes(m.memberId));
  if (inGroup) return;
  if (c.cluster.coordinatorPersonId === null && electsLeaders(state.kind)) {
    throw forbidden(
      `The coordinator's office is vacant: under the charter ${vacantOfficeConvenerText(c.cluster.charter.convenerWhileVacant, c.cluster.members)} convenes and runs the general meeting that elects a new leader, and may ${what}`,
      'not_acting_for_vacant_office',
    );
  }
  throw forbidden(`Only the coordinator${state.kind === 'working_group' ? ' or a group member' : ''} may ${what}`);
}

export function clusterMember(c: Facts, memberId: string): ClusterMember {
  const member = c.cluster.members.find((m) => m.memberId === memberId);
  if (!member) throw notFound(`Member '${memberId}' is not a member of this cluster`);
  if (member.status !== 'active') throw forbidden(`Member '${memberId}' has withdrawn and can no longer act`);
  return member;
}

/** Members entitled to vote at this meeting: active ordinary members (of the group, at a group meeting). */
export function entitledVoters(c: Facts, state: Pick<MeetingState, 'kind'>): ClusterMember[] {
  return c.cluster.members.filter(
    (m) => m.status === 'active' && m.kind === 'ordinary' && (state.kind !== 'working_group' || !!c.groupMemberIds?.includes(m.memberId)),
  );
}

export function requireEntitled(c: Facts, state: MeetingState, memberId: string): ClusterMember {
  const member = clusterMember(c, memberId);
  if (member.kind === 'honorary') throw ruleBroken('Honorary members attend without a vote');
  if (!entitledVoters(c, state).some((m) => m.memberId === memberId)) throw ruleBroken(`${memberId} is not entitled to vote at this meeting`);
  return member;
}

export const weightOf = (c: Facts, member: ClusterMember) => (c.cluster.charter.weightedVoting ? member.votingWeight : 1);

/**
 * Who may cast (or correct) a member's ballot: its representative while present, or the present
 * holder of its active proxy. Returns the proxy holder's member id when voting by proxy.
 */
export function ballotAuthority(c: Facts & { actor: string }, state: MeetingState, member: ClusterMember): string | null {
  if (member.personId === c.actor) {
    if (!isPresent(state, member.memberId)) throw ruleBroken(`${member.memberId} is not recorded as present and cannot vote`);
    return null;
  }
  const proxy = state.proxies[member.memberId];
  const holder = proxy && c.cluster.members.find((m) => m.memberId === proxy.holderMemberId);
  if (!proxy || !holder || holder.personId !== c.actor) {
    throw forbidden(`Only the representative of ${member.memberId}, or the holder of its proxy, may vote for it`);
  }
  if (!isPresent(state, holder.memberId)) throw ruleBroken(`The proxy holder ${holder.memberId} is not present`);
  return holder.memberId;
}
