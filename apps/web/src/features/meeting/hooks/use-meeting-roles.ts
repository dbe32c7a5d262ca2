import { entitledVoters } from '@klaster/domain/meeting/meeting.roles';
import { evaluateQuorum } from '@klaster/domain/meeting/voting-rules';
import type { ClusterView } from '../../../lib/api-types';
import type { CachedMeeting, CachedVote } from '../api/meeting';

type Member = ClusterView['members'][number];

const isPresent = (meeting: CachedMeeting, memberId: string) => meeting.attendance.some((a) => a.memberId === memberId && a.presence !== 'left');

/** The facts the domain's meeting rules read, built from the cluster as the API shows it. */
function facts(cluster: ClusterView, groupMemberIds: string[] | undefined) {
  const { version, ...charter } = cluster.charter;
  return {
    cluster: {
      clusterId: cluster.clusterId,
      charterVersion: version,
      charter,
      coordinatorPersonId: null,
      members: cluster.members.map((m) => ({ memberId: m.memberId, kind: m.kind, status: m.status, votingWeight: m.votingWeight, personId: m.representative.personId })),
    },
    groupMemberIds,
  };
}

/**
 * Who votes at this meeting and whether the quorum is met, by the domain's own rules
 * (entitledVoters, evaluateQuorum), and the members this person may cast a ballot for: those they
 * represent while present, and those whose proxy a present member they represent holds; every
 * present voter's, for the coordinator or a registrar entering a past meeting from its minutes.
 */
export function meetingRoles(meeting: CachedMeeting, cluster: ClusterView, personId: string | undefined, groupMemberIds?: string[], recordingThePast = false) {
  const f = facts(cluster, groupMemberIds);
  const voters = entitledVoters(f, meeting);
  const weight = (memberId: string) => (cluster.charter.weightedVoting ? (voters.find((v) => v.memberId === memberId)?.votingWeight ?? 1) : 1);
  const present = new Set(meeting.attendance.filter((a) => a.presence !== 'left').map((a) => a.memberId));
  const represented = new Set([...present, ...meeting.proxies.filter((p) => present.has(p.holderMemberId)).map((p) => p.grantorMemberId)]);
  const quorum = (vote: Pick<CachedVote, 'rule'>) =>
    evaluateQuorum(
      vote.rule.quorum,
      voters.map((v) => ({ memberId: v.memberId, weight: weight(v.memberId) })),
      represented,
    );
  const byId = new Map<string, Member>(cluster.members.map((m) => [m.memberId, m]));
  const mine = (memberId: string) => byId.get(memberId)?.representative.personId === personId;
  const ballotsFor = voters
    .map((v) => {
      if ((recordingThePast || mine(v.memberId)) && isPresent(meeting, v.memberId)) return { memberId: v.memberId, viaProxyOf: null as string | null };
      const proxy = meeting.proxies.find((p) => p.grantorMemberId === v.memberId);
      if (proxy && mine(proxy.holderMemberId) && isPresent(meeting, proxy.holderMemberId)) return { memberId: v.memberId, viaProxyOf: proxy.holderMemberId };
      return undefined;
    })
    .filter((x) => x !== undefined);
  const myPresent = cluster.members.filter((m) => m.status === 'active' && m.representative.personId === personId && present.has(m.memberId));
  return { voters, present, myPresent, quorum, ballotsFor, organisation: (memberId: string) => byId.get(memberId)?.organisation.name ?? memberId };
}
