import type { ClusterView } from './api-types';

/** What a person is in a cluster, from the cluster as the API shows it. */
export function rolesIn(cluster: ClusterView | undefined, personId: string | undefined) {
  if (!cluster || !personId) return { myMembers: [], isCoordinator: false, isAuditor: false, isMember: false };
  const myMembers = cluster.members.filter((m) => m.status === 'active' && m.representative.personId === personId);
  const coordinator = cluster.members.find((m) => m.memberId === cluster.coordinator.memberId);
  return {
    /** The members this person represents now. */
    myMembers,
    isCoordinator: !!coordinator && coordinator.status === 'active' && coordinator.representative.personId === personId,
    isAuditor: cluster.auditors.some((a) => a.personId === personId),
    isMember: myMembers.length > 0,
  };
}
export type Roles = ReturnType<typeof rolesIn>;
