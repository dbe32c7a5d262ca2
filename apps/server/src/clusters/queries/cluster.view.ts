import { coordinatorOffice, currentAgreement, currentCharter, type ClusterState } from '@klaster/domain';

/** What a reader of a cluster sees: its state, with positions and revisions as decimal strings. */
export function clusterView(state: ClusterState, revision: bigint | undefined) {
  const agreement = currentAgreement(state);
  const charter = currentCharter(state);
  return {
    clusterId: state.clusterId,
    name: state.name,
    foundedOn: state.foundedOn,
    timeZone: state.timeZone,
    revision: revision?.toString() ?? null,
    coordinator: coordinatorView(state),
    charter: { version: charter.version, ...charter.charter },
    agreement: { version: agreement.version, title: agreement.title, textHash: agreement.textHash, inForceSince: agreement.inForceSince ?? null },
    members: Object.values(state.members).map((m) => ({
      memberId: m.memberId,
      organisation: m.organisation,
      kind: m.kind,
      votingWeight: m.votingWeight,
      status: m.status,
      founding: m.founding,
      admittedOn: m.admittedOn,
      representative: m.representative,
      representativeHistory: m.representativeHistory,
      withdrawal: m.withdrawal ?? null,
    })),
    auditors: Object.entries(state.auditors).map(([personId, a]) => ({ personId, since: a.since })),
    registrars: Object.entries(state.registrars).map(([personId, r]) => ({ personId, since: r.since })),
    signatures: state.signatures,
  };
}

export type ClusterView = ReturnType<typeof clusterView>;

/**
 * The coordinator's office: held by a member since it took office, or vacant since the day its member
 * withdrew — then nobody acts as the coordinator, and the charter's `convenerWhileVacant` says who
 * convenes the general meeting that elects a new leader.
 */
function coordinatorView(state: ClusterState) {
  const office = coordinatorOffice(state);
  if (office.status === 'held') {
    return { status: office.status, memberId: office.memberId, organisation: state.members[office.memberId].organisation.name, since: office.since, vacantSince: null, previousMemberId: null };
  }
  return { status: office.status, memberId: null, organisation: null, since: null, vacantSince: office.vacantSince, previousMemberId: office.lastMemberId };
}
