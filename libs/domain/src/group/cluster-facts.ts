import { currentCharter, type ClusterState } from '../cluster/cluster.state';

export interface GroupClusterMember {
  memberId: string;
  kind: 'ordinary' | 'honorary';
  status: 'active' | 'withdrawn';
  representativePersonId: string;
}

/**
 * What a group decision needs to know about its cluster, loaded by the handler and carried in the
 * command: the group decider never reads another stream.
 */
export interface GroupClusterFacts {
  clusterId: string;
  members: GroupClusterMember[];
  coordinatorMemberId: string;
  minimumGroupSize: number;
}

export function groupClusterFacts(state: ClusterState): GroupClusterFacts {
  return {
    clusterId: state.clusterId,
    members: Object.values(state.members).map((m) => ({
      memberId: m.memberId,
      kind: m.kind,
      status: m.status,
      representativePersonId: m.representative.personId,
    })),
    coordinatorMemberId: state.coordinatorMemberId,
    minimumGroupSize: currentCharter(state)?.charter.minimumGroupSize ?? 3,
  };
}

export const factMember = (facts: GroupClusterFacts, memberId: string) => facts.members.find((m) => m.memberId === memberId);

/** The active cluster members this person currently represents. */
export const representedIn = (facts: GroupClusterFacts, personId: string) =>
  facts.members.filter((m) => m.status === 'active' && m.representativePersonId === personId);

export function isCoordinatorIn(facts: GroupClusterFacts, personId: string): boolean {
  const coordinator = factMember(facts, facts.coordinatorMemberId);
  return !!coordinator && coordinator.status === 'active' && coordinator.representativePersonId === personId;
}
