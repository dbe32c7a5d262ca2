import { z } from 'zod';
import { idSchema, isoInstantSchema, personIdSchema } from '../shared/primitives';
import { decisionKindSchema, decisionRuleSchema } from '../cluster/charter';

export const meetingKindSchema = z.enum(['council', 'general', 'extraordinary_general', 'working_group', 'forum']);
export type MeetingKind = z.infer<typeof meetingKindSchema>;
export const choiceSchema = z.enum(['yes', 'no', 'abstain']);
export const presenceSchema = z.enum(['in_person', 'online', 'left']);

export const venueSchema = z.object({
  mode: z.enum(['in_person', 'online', 'hybrid']),
  place: z.string().max(300).optional(),
  url: z.url().optional(),
});

export const agendaItemSchema = z.object({ itemId: idSchema, title: z.string().min(1).max(500), description: z.string().max(5_000).optional() });

/** What a resolution is about, when adopting it has consequences elsewhere (amendment, report, …). */
export const voteSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('general') }),
  z.object({ kind: z.literal('minutes_approval') }),
  z.object({ kind: z.literal('amendment'), amendmentId: idSchema }),
  z.object({ kind: z.literal('report_acceptance'), year: z.number().int() }),
  z.object({ kind: z.literal('absolution'), year: z.number().int() }),
  z.object({ kind: z.literal('action_plan'), year: z.number().int() }),
  z.object({ kind: z.literal('thematic_networks'), year: z.number().int() }),
  z.object({ kind: z.literal('group_creation'), groupId: idSchema }),
]);
export type VoteSubject = z.infer<typeof voteSubjectSchema>;

const tallySchema = z.object({ yes: z.number(), no: z.number(), abstain: z.number() });

export const resolutionRefSchema = z.object({
  /** "3/2024": the body's sequence number in the year. */
  number: z.string(),
  body: z.string(),
  sequence: z.number().int().positive(),
  year: z.number().int(),
});
export type ResolutionRef = z.infer<typeof resolutionRefSchema>;

const ballotData = z.object({
  voteId: idSchema,
  memberId: idSchema,
  castBy: personIdSchema,
  /** The member holding the proxy this ballot was cast under, if any. */
  viaProxyOf: idSchema.nullable(),
  weight: z.number().positive(),
  /** Named votes only. A secret ballot never carries its choice in the clear. */
  choice: choiceSchema.optional(),
  /** Secret votes only: the choice sealed with the vote's key, which is destroyed once the vote is counted. */
  sealedChoice: z.string().optional(),
});

export const meetingEventSchemas = {
  MeetingConvened: z.object({
    meetingId: idSchema,
    clusterId: idSchema,
    kind: meetingKindSchema,
    groupId: idSchema.optional(),
    title: z.string(),
    scheduledFor: isoInstantSchema,
    venue: venueSchema,
    agenda: z.array(agendaItemSchema),
    convenedBy: personIdSchema,
  }),
  AgendaItemAdded: agendaItemSchema,
  MeetingOpened: z.object({ openedAt: isoInstantSchema }),
  AttendanceRecorded: z.object({ memberId: idSchema, personId: personIdSchema, presence: presenceSchema, at: isoInstantSchema }),
  ProxyRegistered: z.object({ grantorMemberId: idSchema, holderMemberId: idSchema, documentRef: z.string() }),
  ProxyRevoked: z.object({ grantorMemberId: idSchema, holderMemberId: idSchema }),
  VoteOpened: z.object({
    voteId: idSchema,
    agendaItemId: idSchema,
    motion: z.string(),
    secrecy: z.enum(['named', 'secret']),
    decisionKind: decisionKindSchema,
    subject: voteSubjectSchema,
    rule: decisionRuleSchema,
    charterVersion: z.number().int().positive(),
    openedAt: isoInstantSchema,
  }),
  BallotCast: ballotData,
  BallotCorrected: ballotData,
  VoteClosed: z.object({
    voteId: idSchema,
    /**
     * Only in votes closed before numbering moved to the log's reactor: a vote closed today takes its
     * number from the cluster's register afterwards (ResolutionNumbered).
     */
    resolution: resolutionRefSchema.optional(),
    outcome: z.enum(['adopted', 'rejected']),
    tally: tallySchema,
    ballots: z.number().int(),
    quorum: z.object({ entitled: z.number(), present: z.number(), reached: z.boolean() }),
    charterVersion: z.number().int().positive(),
    rule: decisionRuleSchema,
    /** Who was entitled to vote when the vote closed, with their weights: the frozen snapshot. */
    entitledVoters: z.array(z.object({ memberId: idSchema, weight: z.number() })),
    closedAt: isoInstantSchema,
  }),
  /**
   * A vote recorded from its minutes by its counts only (no ballots, no names), judged under the
   * vote's rule on the entitled voters of that day: it is closed, and numbered like VoteClosed.
   */
  VoteCountsRecorded: z.object({
    voteId: idSchema,
    outcome: z.enum(['adopted', 'rejected']),
    tally: tallySchema,
    quorum: z.object({ entitled: z.number(), present: z.number(), reached: z.boolean() }),
    charterVersion: z.number().int().positive(),
    rule: decisionRuleSchema,
    entitledVoters: z.array(z.object({ memberId: idSchema, weight: z.number() })),
    /** The minutes the counts were taken from. */
    minutes: z.string(),
    closedAt: isoInstantSchema,
  }),
  /** The register gave the closed vote its number (recorded by Klaster's reactor, never by a client). */
  ResolutionNumbered: z.object({ voteId: idSchema, resolution: resolutionRefSchema }),
  MinutesDrafted: z.object({ version: z.number().int().positive(), text: z.string() }),
  MinutesCorrected: z.object({ version: z.number().int().positive(), text: z.string() }),
  MinutesApproved: z.object({ version: z.number().int().positive(), voteId: idSchema, resolution: resolutionRefSchema }),
  MinutesLocked: z.object({ version: z.number().int().positive() }),
  MeetingClosed: z.object({ closedAt: isoInstantSchema }),
  MeetingCancelled: z.object({ reason: z.string() }),
} as const;

type Schemas = typeof meetingEventSchemas;
export type MeetingEventType = keyof Schemas;
export type MeetingEvent = { [K in MeetingEventType]: { type: K; data: z.infer<Schemas[K]> } }[MeetingEventType];

export function parseMeetingEvent(type: string, data: unknown): MeetingEvent {
  if (!Object.prototype.hasOwnProperty.call(meetingEventSchemas, type)) throw new Error(`Unknown meeting event type '${type}'`);
  return { type, data: meetingEventSchemas[type as MeetingEventType].parse(data) } as MeetingEvent;
}
