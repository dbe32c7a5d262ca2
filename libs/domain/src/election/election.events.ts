import { z } from 'zod';
import { idSchema, isoInstantSchema, personIdSchema } from '../shared/primitives';
import { decisionRuleSchema } from '../cluster/charter';
import { resolutionRefSchema } from '../meeting/meeting.events';

/** normal: the leader's rule (majority) decides; runoff: between the top two, more votes wins. */
export const roundKindSchema = z.enum(['normal', 'runoff']);
export type RoundKind = z.infer<typeof roundKindSchema>;

export const roundOutcomeSchema = z.enum(['elected', 'runoff', 'inconclusive', 'no_quorum']);
export type RoundOutcome = z.infer<typeof roundOutcomeSchema>;

export const electionEventSchemas = {
  ElectionCalled: z.object({
    electionId: idSchema,
    clusterId: idSchema,
    meetingId: idSchema,
    reason: z.string(),
    /** The charter version in force when the election was called: its rule judges every round. */
    charterVersion: z.number().int().positive(),
    rule: decisionRuleSchema,
    weightedVoting: z.boolean(),
    calledBy: personIdSchema,
    calledAt: isoInstantSchema,
  }),
  CandidateNominated: z.object({ memberId: idSchema, nominatedBy: personIdSchema, at: isoInstantSchema }),
  NominationAccepted: z.object({ memberId: idSchema, acceptedBy: personIdSchema, at: isoInstantSchema }),
  CandidacyWithdrawn: z.object({ memberId: idSchema, withdrawnBy: personIdSchema, at: isoInstantSchema }),
  /** A round opened by hand: the first one, or a repeat of a round that had no quorum. */
  RoundOpened: z.object({
    round: z.number().int().positive(),
    kind: roundKindSchema,
    candidates: z.array(idSchema).min(1),
    repeatOf: z.number().int().positive().optional(),
    openedAt: isoInstantSchema,
  }),
  ElectionBallotCast: z.object({
    round: z.number().int().positive(),
    memberId: idSchema,
    castBy: personIdSchema,
    /** null: the member abstains. */
    candidateMemberId: idSchema.nullable(),
    weight: z.number().positive(),
  }),
  RoundClosed: z.object({
    round: z.number().int().positive(),
    kind: roundKindSchema,
    /** Votes (weights, under weighted voting) per candidate of the round, in the round's order. */
    counts: z.array(z.object({ memberId: idSchema, votes: z.number() })),
    abstain: z.number(),
    cast: z.number(),
    ballots: z.number().int(),
    quorum: z.object({ entitled: z.number(), present: z.number(), reached: z.boolean() }),
    outcome: roundOutcomeSchema,
    /** Who was entitled to vote when the round closed, with their weights: the frozen snapshot. */
    entitledVoters: z.array(z.object({ memberId: idSchema, weight: z.number() })),
    closedAt: isoInstantSchema,
  }),
  /** Opened automatically when a normal round gives no one the majority: the top two go on. */
  RunoffOpened: z.object({ round: z.number().int().positive(), candidates: z.array(idSchema).length(2), openedAt: isoInstantSchema }),
  LeaderElected: z.object({ memberId: idSchema, round: z.number().int().positive(), votes: z.number(), electedAt: isoInstantSchema }),
  ElectionInconclusive: z.object({ round: z.number().int().positive(), reason: z.string(), at: isoInstantSchema }),
  /** The register numbered the election as a resolution of the meeting's body (recorded by Klaster's reactor, never by a client). */
  ElectionResolutionNumbered: z.object({ resolution: resolutionRefSchema }),
} as const;

type Schemas = typeof electionEventSchemas;
export type ElectionEventType = keyof Schemas;
export type ElectionEvent = { [K in ElectionEventType]: { type: K; data: z.infer<Schemas[K]> } }[ElectionEventType];
export type ElectionEventOf<K extends ElectionEventType> = Extract<ElectionEvent, { type: K }>;

export function parseElectionEvent(type: string, data: unknown): ElectionEvent {
  if (!Object.prototype.hasOwnProperty.call(electionEventSchemas, type)) throw new Error(`Unknown election event type '${type}'`);
  return { type, data: electionEventSchemas[type as ElectionEventType].parse(data) } as ElectionEvent;
}
