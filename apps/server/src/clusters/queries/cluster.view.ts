import { currentAgreement, currentCharter, type ClusterState } from '@klaster/domain';

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
    coordinator: { memberId: state.coordinatorMemberId, organisation: state.members[state.coordinatorMemberId]?.organisation.name ?? null },
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
