import { z } from 'zod';
import { candidatesInOrder, decisionRuleSchema, roundsInOrder, electionEventSchemas, resolutionRefSchema, roundKindSchema, type ElectionState } from '@klaster/domain';
import { revisionSchema } from '../../http/contracts';

const { round: _r, kind: _k, ...roundResult } = electionEventSchemas.RoundClosed.shape;

export const electionViewSchema = z
  .object({
    electionId: z.string(),
    clusterId: z.string(),
    meetingId: z.string(),
    reason: z.string(),
    status: z.enum(['nominating', 'voting', 'adjourned', 'elected', 'inconclusive']).describe('adjourned: the last round had no quorum, and is held again'),
    revision: revisionSchema,
    charterVersion: z.number().int(),
    rule: decisionRuleSchema.describe('The leader_election rule of the charter in force when the election was called'),
    weightedVoting: z.boolean(),
    calledBy: z.string(),
    calledAt: z.string(),
    candidates: z.array(z.object({ memberId: z.string(), order: z.number().int(), nominatedBy: z.string(), status: z.enum(['nominated', 'accepted', 'withdrawn']) })),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        kind: roundKindSchema.describe('runoff: opened by itself between the top two when a normal round elects no one'),
        candidates: z.array(z.string()),
        repeatOf: z.number().int().nullable(),
        status: z.enum(['open', 'closed']),
        ballotsCast: z.number().int(),
        ballots: z.array(z.object({ memberId: z.string(), castBy: z.string(), candidateMemberId: z.string().nullable().describe('null: abstained'), weight: z.number() })),
        result: z.object(roundResult).nullable(),
      }),
    ),
    resolution: resolutionRefSchema.nullable().describe("The resolution of the meeting's body the election is (n/yyyy), once the register numbered it; null before, and for an election that elected no one"),
    result: z
      .discriminatedUnion('outcome', [
        z.object({ outcome: z.literal('elected'), memberId: z.string(), round: z.number().int(), votes: z.number(), at: z.string() }),
        z.object({ outcome: z.literal('inconclusive'), round: z.number().int(), reason: z.string(), at: z.string() }),
      ])
      .nullable(),
  })
  .meta({ id: 'Election' });
export type ElectionView = z.output<typeof electionViewSchema>;

/** An election as its readers see it: candidates, each round with its ballots and counts, and the result. */
export function electionView(state: ElectionState, revision: bigint | undefined): ElectionView {
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
    rounds: roundsInOrder(state).map((r) => ({
      round: r.round,
      kind: r.kind,
      candidates: r.candidates,
      repeatOf: r.repeatOf ?? null,
      status: r.status,
      ballotsCast: r.ballots.size,
      ballots: [...r.ballots.values()],
      result: r.result ?? null,
    })),
    resolution: state.resolution ?? null,
    result:
      state.status === 'elected'
        ? { outcome: 'elected' as const, ...state.elected! }
        : state.status === 'inconclusive'
          ? { outcome: 'inconclusive' as const, ...state.inconclusive! }
          : null,
  };
}
