import type { ClusterView } from './api-types';
import { useRecording } from './recording';

/** What a person is in a cluster, from the cluster as the API shows it. */
export function rolesIn(cluster: ClusterView | undefined, personId: string | undefined) {
  if (!cluster || !personId) return { myMembers: [], isCoordinator: false, isAuditor: false, isRegistrar: false, mayRecordThePast: false, isMember: false };
  const myMembers = cluster.members.filter((m) => m.status === 'active' && m.representative.personId === personId);
  const coordinator = cluster.members.find((m) => m.memberId === cluster.coordinator.memberId);
  const isCoordinator = !!coordinator && coordinator.status === 'active' && coordinator.representative.personId === personId;
  const isRegistrar = (cluster.registrars ?? []).some((r) => r.personId === personId);
  return {
    /** The members this person represents now. */
    myMembers,
    isCoordinator,
    isAuditor: cluster.auditors.some((a) => a.personId === personId),
    isRegistrar,
    /** The coordinator and the cluster's registrars record acts after the fact. */
    mayRecordThePast: isCoordinator || isRegistrar,
    isMember: myMembers.length > 0,
  };
}
export type Roles = ReturnType<typeof rolesIn>;

/**
 * The roles a screen acts on. `isCoordinator` there means "has the coordinator's controls": the
 * coordinator, or a registrar while recording this cluster's past (a registrar records the
 * coordinator's acts of that day, never acts now). `recording`: the recording under way, if this
 * person may record.
 */
export function useRoles(cluster: ClusterView | undefined, personId: string | undefined) {
  const roles = rolesIn(cluster, personId);
  const recording = useRecording(cluster?.clusterId);
  const mine = roles.mayRecordThePast ? recording : null;
  return { ...roles, isCoordinator: roles.isCoordinator || (roles.isRegistrar && !!mine), recording: mine };
}
