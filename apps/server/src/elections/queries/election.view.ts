import { candidatesInOrder, type ElectionState } from '@klaster/domain';

/** An election as its readers see it: candidates, each round with its ballots and counts, and the result. */
export function electionView(state: ElectionState, revision: bigint | undefined) {
  return {
    electionId: state.electionId,
    clusterId: state.clusterId,
    meetingId: state.meetingId,
    reason: state.reason,
    status: state.status,
    revision: revision?.toString() ?? null,
    charterVersion: state.charterVersion,
    rule: state.rule,
    weightedVoting: state.weightedVoting,
    calledBy: state.calledBy,
    calledAt: state.calledAt,
    candidates: candidatesInOrder(state),
    rounds: state.rounds.map((r) => ({
      round: r.round,
      kind: r.kind,
      candidates: r.candidates,
      repeatOf: r.repeatOf ?? null,
      status: r.status,
      ballotsCast: Object.keys(r.ballots).length,
      ballots: Object.values(r.ballots),
      result: r.result ?? null,
    })),
    /** The resolution of the meeting's body the election is (n/yyyy), once the register numbered it; null before, and for an election that elected no one. */
    resolution: state.resolution ?? null,
    result:
      state.status === 'elected'
        ? { outcome: 'elected' as const, ...state.elected! }
        : state.status === 'inconclusive'
          ? { outcome: 'inconclusive' as const, ...state.inconclusive! }
          : null,
  };
}
