import { z } from 'zod';
import { idSchema, type CommandContext } from '../shared/primitives';
import type { ResolutionRef } from '../meeting/meeting.events';
import type { MeetingClusterFacts } from '../meeting/cluster-facts';
import type { ElectionMeetingFacts } from './meeting-facts';

/** Request bodies, one per election command (validated by the HTTP layer; OpenAPI is generated from them). */
export const electionCommandBodies = {
  CallElection: z.object({
    electionId: idSchema,
    meetingId: idSchema.describe('The general (or extraordinary general) meeting that holds the election'),
    reason: z.string().min(1).max(2_000).describe("Why: e.g. the leader terminated the cooperation agreement, or the leader's term ended"),
  }),
  NominateCandidate: z.object({ memberId: idSchema.describe('The ordinary member nominated to lead the cluster') }),
  AcceptNomination: z.object({}).strict(),
  WithdrawCandidacy: z.object({}).strict(),
  OpenRound: z.object({}).strict(),
  CastElectionBallot: z.object({
    memberId: idSchema.describe('The voting member this ballot is for (you must be its representative)'),
    candidateMemberId: idSchema.nullable().describe('A candidate of the current round, or null to abstain'),
  }),
  CloseRound: z.object({}).strict(),
} as const;

type Bodies = typeof electionCommandBodies;
export type ElectionCommandType = keyof Bodies;

/** Facts the handler loads from the cluster and meeting streams and hands to the decider. */
export interface ElectionFacts {
  cluster: MeetingClusterFacts;
  meeting: ElectionMeetingFacts;
}

type Extra<K> = K extends 'CallElection' ? { clusterId: string } : K extends 'AcceptNomination' | 'WithdrawCandidacy' ? { memberId: string } : unknown;

/** An empty body (`{}`) adds nothing to the command (zod types it as Record<string, never>). */
type BodyOf<S extends z.ZodType> = string extends keyof z.output<S> ? unknown : z.output<S>;

/** What a client may ask of an election (each has its endpoint). */
export type ClientElectionCommand = {
  [K in ElectionCommandType]: { type: K; electionId: string } & CommandContext & ElectionFacts & BodyOf<Bodies[K]> & Extra<K>;
}[ElectionCommandType];

/** Klaster's own consequence of an election that elected: the register's number, recorded on the election by a reactor. */
export type RecordElectionResolutionNumber = { type: 'RecordElectionResolutionNumber'; electionId: string; resolution: ResolutionRef } & CommandContext;

export type ElectionCommand = ClientElectionCommand | RecordElectionResolutionNumber;
export type ElectionCommandOf<K extends ElectionCommand['type']> = Extract<ElectionCommand, { type: K }>;
