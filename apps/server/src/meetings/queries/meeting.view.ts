import type { MeetingState } from '@klaster/domain';

/**
 * A meeting as its readers see it. For a secret vote only who voted and how many is shown while it
 * is open, and only the counts once it is closed: the choices are not in the state anyway (sealed).
 */
export function meetingView(state: MeetingState, revision: bigint | undefined) {
  return {
    meetingId: state.meetingId,
    clusterId: state.clusterId,
    kind: state.kind,
    groupId: state.groupId ?? null,
    title: state.title,
    scheduledFor: state.scheduledFor,
    status: state.status,
    revision: revision?.toString() ?? null,
    agenda: state.agenda,
    attendance: Object.entries(state.attendance).map(([memberId, a]) => ({ memberId, ...a })),
    proxies: Object.entries(state.proxies).map(([grantorMemberId, p]) => ({ grantorMemberId, ...p })),
    votes: Object.values(state.votes).map((v) => {
      const ballots = Object.values(v.ballots);
      return {
        voteId: v.voteId,
        agendaItemId: v.agendaItemId,
        motion: v.motion,
        secrecy: v.secrecy,
        decisionKind: v.decisionKind,
        subject: v.subject,
        rule: v.rule,
        charterVersion: v.charterVersion,
        status: v.status,
        ballotsCast: ballots.length,
        voted: ballots.map((b) => b.memberId),
        ballots:
          v.secrecy === 'named'
            ? ballots.map((b) => ({ memberId: b.memberId, choice: b.choice, castBy: b.castBy, viaProxyOf: b.viaProxyOf, weight: b.weight, corrections: b.corrections }))
            : null,
        result: v.result ?? null,
      };
    }),
    minutes: state.minutes,
  };
}

/** One line of a cluster's list of meetings: enough to find the one in progress and the past ones. */
export function meetingSummary(state: MeetingState, revision: bigint | undefined) {
  const votes = Object.values(state.votes);
  return {
    meetingId: state.meetingId,
    clusterId: state.clusterId,
    kind: state.kind,
    groupId: state.groupId ?? null,
    title: state.title,
    scheduledFor: state.scheduledFor,
    status: state.status,
    revision: revision?.toString() ?? null,
    votes: votes.length,
    openVotes: votes.filter((v) => v.status === 'open').length,
  };
}

export type MeetingView = ReturnType<typeof meetingView>;
export type MeetingSummary = ReturnType<typeof meetingSummary>;
