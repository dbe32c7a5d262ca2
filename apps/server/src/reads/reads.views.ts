import { z } from 'zod';
import type { compliance, inbox } from '@klaster/projections';
import { charterSchema, decisionRuleSchema, isoDateSchema, meetingKindSchema, resolutionRefSchema, voteSubjectSchema } from '@klaster/domain';
import { decimalStringSchema } from '../http/contracts';

/** GET /api/clusters/{id}/compliance?year=Y (computed by `compliance` in libs/projections). */
export const complianceViewSchema = z
  .object({
    clusterId: z.string(),
    year: z.number().int(),
    at: z.string().describe('The instant it was judged at (now)'),
    council: z.object({
      intervalMonths: z.number().int(),
      periods: z.array(
        z.object({
          period: z.string().describe('Q1–Q4, H1–H2, the year, or P1…'),
          from: isoDateSchema,
          to: isoDateSchema,
          status: z.enum(['met', 'missed', 'in_progress', 'future', 'before_founding']),
          councilMeetings: z.array(z.object({ meetingId: z.string(), title: z.string(), scheduledFor: z.string(), status: z.enum(['convened', 'open', 'closed', 'cancelled']) })),
        }),
      ),
      periodsWithoutCouncilMeeting: z.array(z.string()),
      compliant: z.boolean(),
    }),
    groupsBelowMinimumSize: z.array(z.object({ groupId: z.string(), name: z.string(), memberCount: z.number().int(), minimumGroupSize: z.number().int(), inactiveSince: z.string() })),
    yearsWithoutAbsolution: z.array(z.object({ year: z.number().int(), absolution: z.enum(['refused', 'not_recorded']), resolution: resolutionRefSchema.nullable() })),
    overdueTasks: z.array(z.object({ groupId: z.string(), groupName: z.string(), taskId: z.string(), title: z.string(), responsibleMemberId: z.string(), deadline: isoDateSchema })),
  })
  .meta({ id: 'Compliance' });
export type ComplianceView = z.output<typeof complianceViewSchema>;

/** GET /api/me/inbox (computed by `inbox` in libs/projections). */
export const inboxViewSchema = z
  .object({
    personId: z.string(),
    at: z.string(),
    votes: z.array(
      z.object({
        clusterId: z.string(),
        meetingId: z.string(),
        meetingTitle: z.string(),
        meetingKind: meetingKindSchema,
        voteId: z.string(),
        motion: z.string(),
        secrecy: z.enum(['named', 'secret']),
        decisionKind: z.string(),
        memberId: z.string().describe('The member the ballot is for'),
        organisation: z.string().nullable(),
        as: z.enum(['representative', 'proxy']),
        holderMemberId: z.string().optional().describe('as proxy: the member you represent that holds the proxy'),
      }),
    ),
    tasks: z.array(
      z.object({
        clusterId: z.string(),
        groupId: z.string(),
        groupName: z.string(),
        taskId: z.string(),
        title: z.string(),
        responsibleMemberId: z.string(),
        deadline: isoDateSchema,
        overdue: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Inbox' });
export type InboxView = z.output<typeof inboxViewSchema>;

// The pure read models' answers must fit the contracts (checked by the compiler, both ways by the tests).
type Fits<A, B extends A> = B;
export type ComplianceFits = Fits<ComplianceView, ReturnType<typeof compliance>>;
export type InboxFits = Fits<InboxView, ReturnType<typeof inbox>>;

const tallySchema = z.object({ yes: z.number(), no: z.number(), abstain: z.number() });
const quorumSchema = z.object({ entitled: z.number(), present: z.number(), reached: z.boolean() });

/** GET /api/clusters/{id}/resolutions/{body}/{n-yyyy}: one resolution, with the rules it was judged under. */
export const resolutionViewSchema = z
  .object({
    clusterId: z.string(),
    body: z.string(),
    number: z.string(),
    year: z.number().int(),
    sequence: z.number().int(),
    position: decimalStringSchema.describe('The position of its number in the register'),
    passedOn: isoDateSchema.describe('The day it passed, in the cluster’s zone'),
    occurredAt: z.string(),
    recordedAt: z.string(),
    meeting: z.object({ meetingId: z.string(), kind: meetingKindSchema.optional(), title: z.string().optional(), scheduledFor: z.string().optional(), status: z.enum(['convened', 'open', 'closed', 'cancelled']).optional() }),
    vote: z
      .object({
        voteId: z.string(),
        agendaItemId: z.string().optional(),
        motion: z.string().optional(),
        secrecy: z.enum(['named', 'secret']).optional(),
        decisionKind: z.string().optional(),
        subject: voteSubjectSchema.optional(),
        rule: decisionRuleSchema.optional(),
        status: z.enum(['open', 'closed']).optional(),
        outcome: z.enum(['adopted', 'rejected']).nullable().optional(),
        tally: tallySchema.nullable().optional(),
        quorum: quorumSchema.nullable().optional(),
        ballots: z
          .array(z.object({ memberId: z.string(), choice: z.enum(['yes', 'no', 'abstain']).nullable(), weight: z.number(), castBy: z.string(), viaProxyOf: z.string().nullable() }))
          .nullable()
          .optional()
          .describe('Each member’s ballot for a named vote; null for a secret one (counts only)'),
      })
      .nullable()
      .describe('The vote it was; null when it is a leader election'),
    election: z
      .object({
        electionId: z.string(),
        reason: z.string().optional(),
        rule: decisionRuleSchema.optional(),
        status: z.enum(['nominating', 'voting', 'adjourned', 'elected', 'inconclusive']).optional(),
        elected: z.object({ memberId: z.string(), round: z.number().int(), votes: z.number(), at: z.string() }).nullable().optional(),
        round: z
          .object({
            round: z.number().int(),
            kind: z.enum(['normal', 'runoff']),
            counts: z.array(z.object({ memberId: z.string(), votes: z.number() })),
            abstain: z.number(),
            cast: z.number(),
            quorum: quorumSchema.nullable(),
            ballots: z.array(z.object({ memberId: z.string(), candidateMemberId: z.string().nullable(), weight: z.number(), castBy: z.string() })),
          })
          .nullable()
          .optional()
          .describe('The round that elected: its counts and ballots'),
      })
      .nullable()
      .describe('The leader election it was; null when it is a vote'),
    charter: charterSchema.extend({ version: z.number().int() }).nullable().describe('The charter version it was judged under'),
    agreement: z.object({ version: z.number().int(), title: z.string(), textHash: z.string(), inForceSince: isoDateSchema.optional() }).nullable().describe('The agreement version in force when it passed'),
    latestAgreementVersion: z.number().int().nullable().describe('The latest version adopted by then (it may not have been in force yet)'),
  })
  .meta({ id: 'Resolution' });
export type ResolutionView = z.output<typeof resolutionViewSchema>;

/** GET /api/people/{p} and PUT /api/people/me: a person's details, kept outside the log (erasable). */
export const personViewSchema = z
  .object({
    personId: z.string(),
    displayName: z.string().describe('“(erased)” once the person erased their details'),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    erasedAt: z.string().nullable(),
  })
  .meta({ id: 'Person' });
export type PersonView = z.output<typeof personViewSchema>;
