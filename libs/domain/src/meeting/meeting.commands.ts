import { z } from 'zod';
import { TITLE_MAX, idSchema, isoInstantSchema, lineOfTextSchema, paragraphsOfTextSchema, type CommandContext } from '../shared/primitives';
import { decisionKindSchema } from '../cluster/charter';
import type { MeetingClusterFacts } from './cluster-facts';
import { agendaItemSchema, choiceSchema, meetingKindSchema, presenceSchema, venueSchema, voteSubjectSchema, type ResolutionRef } from './meeting.events';
import type { Choice } from './voting-rules';

/* Names and titles people type are one line of bounded text; the event schemas stay as they were. */
const venueInput = venueSchema.extend({ place: lineOfTextSchema(TITLE_MAX).optional() });
const agendaItemInput = agendaItemSchema.extend({ title: lineOfTextSchema(500) });
const voteCount = z.number().nonnegative().max(1_000_000);

/** Request bodies, one per meeting command (validated by the HTTP layer; OpenAPI is generated from them). */
export const meetingCommandBodies = {
  ConveneMeeting: z.object({
    meetingId: idSchema,
    kind: meetingKindSchema,
    groupId: idSchema.optional().describe('For a working-group meeting'),
    title: lineOfTextSchema(TITLE_MAX),
    scheduledFor: isoInstantSchema,
    venue: venueInput,
    agenda: z.array(agendaItemInput).max(200).default([]),
  }),
  AddAgendaItem: agendaItemInput,
  OpenMeeting: z.object({}).strict(),
  RecordAttendance: z.object({ memberId: idSchema, presence: presenceSchema }),
  RegisterProxy: z.object({
    grantorMemberId: idSchema,
    holderMemberId: idSchema,
    documentRef: lineOfTextSchema(TITLE_MAX).describe('Reference to the written authorisation'),
  }),
  RevokeProxy: z.object({ grantorMemberId: idSchema }),
  OpenVote: z.object({
    voteId: idSchema,
    agendaItemId: idSchema,
    motion: paragraphsOfTextSchema(10_000),
    secrecy: z.enum(['named', 'secret']).default('named'),
    decisionKind: decisionKindSchema.default('ordinary_resolution'),
    subject: voteSubjectSchema.default({ kind: 'general' }),
  }),
  CastBallot: z.object({ memberId: idSchema, choice: choiceSchema }),
  CorrectBallot: z.object({ memberId: idSchema, choice: choiceSchema }),
  CloseVote: z.object({}).strict(),
  RecordVoteCounts: z
    .object({
      counts: z
        .object({
          yes: voteCount,
          no: voteCount,
          abstain: voteCount,
          present: voteCount.describe('Entitled voters present or represented (their voting weight under a weight quorum)'),
        })
        .strict()
        .describe('The counts as the minutes give them: votes (voting weight where the charter weighs votes)'),
      minutes: lineOfTextSchema(TITLE_MAX).describe('The minutes the counts are taken from, e.g. "protokół nr 3/2016"'),
    })
    .describe('A vote known from its minutes by its counts only (no names): it closes into a resolution like any vote'),
  DraftMinutes: z.object({ text: z.string().min(1).max(200_000) }),
  CorrectMinutes: z.object({ text: z.string().min(1).max(200_000) }),
  ApproveMinutes: z.object({ voteId: idSchema.describe('The adopted minutes-approval vote of this meeting') }),
  LockMinutes: z.object({}).strict(),
  CloseMeeting: z.object({}).strict(),
  CancelMeeting: z.object({ reason: z.string().min(1).max(1_000) }),
} as const;

type Bodies = typeof meetingCommandBodies;
export type MeetingCommandType = keyof Bodies;

/** Facts the handler loads from other streams and hands to the decider. */
interface MeetingFacts {
  cluster: MeetingClusterFacts;
  /** Members of the working group, for a working-group meeting. */
  groupMemberIds?: string[];
}
type Extra<K> = K extends 'ConveneMeeting'
  ? { clusterId: string }
  : K extends 'OpenVote' | 'CastBallot' | 'CorrectBallot'
    ? K extends 'OpenVote'
      ? unknown
      : { voteId: string; sealedChoice?: string }
    : K extends 'CloseVote'
      ? { voteId: string; unsealed?: Record<string, Choice> }
      : K extends 'RecordVoteCounts'
        ? { voteId: string }
        : unknown;

/** An empty body (`{}`) adds nothing to the command (zod types it as Record<string, never>). */
type BodyOf<S extends z.ZodType> = string extends keyof z.output<S> ? unknown : z.output<S>;

/** What a client may ask of a meeting (each has its endpoint). */
export type ClientMeetingCommand = {
  [K in MeetingCommandType]: { type: K; meetingId: string } & CommandContext & MeetingFacts & BodyOf<Bodies[K]> & Extra<K>;
}[MeetingCommandType];

/** Klaster's own consequence of a close: the register's number, recorded on the meeting by a reactor. */
export type RecordResolutionNumber = { type: 'RecordResolutionNumber'; meetingId: string; voteId: string; resolution: ResolutionRef } & CommandContext;

export type MeetingCommand = ClientMeetingCommand | RecordResolutionNumber;
export type MeetingCommandOf<K extends MeetingCommand['type']> = Extract<MeetingCommand, { type: K }>;
