import { z } from 'zod';
import {
  agendaItemSchema,
  choiceSchema,
  decisionRuleSchema,
  meetingKindSchema,
  presenceSchema,
  resolutionNumberAssignedSchema,
  resolutionRefSchema,
  voteSubjectSchema,
  type BallotState,
  type MeetingState,
  type VoteState,
} from '@klaster/domain';
import { pointInTimeSchema, revisionSchema } from '../../http/contracts';

const meetingStatusSchema = z.enum(['convened', 'open', 'closed', 'cancelled']);
const tallySchema = z.object({ yes: z.number(), no: z.number(), abstain: z.number() });

const voteViewSchema = z.object({
  voteId: z.string(),
  agendaItemId: z.string(),
  motion: z.string(),
  secrecy: z.enum(['named', 'secret']),
  decisionKind: z.string(),
  subject: voteSubjectSchema,
  rule: decisionRuleSchema.describe('Quorum and majority, fixed when the vote opened from the charter then in force'),
  charterVersion: z.number().int(),
  status: z.enum(['open', 'closed']),
  ballotsCast: z.number().int(),
  voted: z.array(z.string()).describe('The members who have voted (a secret vote shows who, never how)'),
  ballots: z
    .array(
      z.object({
        memberId: z.string(),
        choice: choiceSchema.optional(),
        castBy: z.string(),
        viaProxyOf: z.string().nullable().describe('The member holding the proxy it was cast under'),
        weight: z.number(),
        corrections: z.number().int(),
      }),
    )
    .nullable()
    .describe('Each member’s counted ballot, for a named vote; null for a secret one'),
  result: z
    .object({
      resolution: resolutionRefSchema.optional().describe("The register's number; absent for the moment between the close and its numbering"),
      outcome: z.enum(['adopted', 'rejected']),
      tally: tallySchema,
      quorum: z.object({ entitled: z.number(), present: z.number(), reached: z.boolean() }),
      entitledVoters: z.array(z.object({ memberId: z.string(), weight: z.number() })).describe('Who was entitled to vote when it closed: the frozen snapshot'),
      fromMinutes: z.string().optional().describe('Recorded after the fact from these minutes, by its counts only: no individual ballots'),
    })
    .nullable(),
});

/** What both the whole meeting and its line in a list say of it. */
const meetingHeaderFields = {
  meetingId: z.string(),
  clusterId: z.string(),
  kind: meetingKindSchema,
  groupId: z.string().nullable(),
  title: z.string(),
  scheduledFor: z.string(),
  status: meetingStatusSchema,
};

export const meetingViewSchema = z
  .object({
    ...meetingHeaderFields,
    convenedBy: z.string().describe('Who convened it (while the coordinator’s office is vacant, who runs it)'),
    revision: revisionSchema,
    agenda: z.array(agendaItemSchema),
    attendance: z.array(z.object({ memberId: z.string(), personId: z.string(), presence: presenceSchema, at: z.string() })),
    proxies: z.array(z.object({ grantorMemberId: z.string(), holderMemberId: z.string(), documentRef: z.string() })),
    votes: z.array(voteViewSchema),
    minutes: z.object({ version: z.number().int(), text: z.string(), status: z.enum(['none', 'draft', 'approved', 'locked']), approvedBy: resolutionRefSchema.optional() }),
    pointInTime: pointInTimeSchema.optional(),
  })
  .meta({ id: 'Meeting' });
export type MeetingView = z.output<typeof meetingViewSchema>;

/** A vote without its per-member lists: O(1) whatever the number of ballots (the live tally's fragment uses it). */
export function voteHeader(v: VoteState) {
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
    ballotsCast: v.count.ballotsCast,
  };
}

/** A named vote's ballot as readers see it (a secret vote shows none). */
export const ballotView = (b: BallotState) => ({ memberId: b.memberId, choice: b.choice, castBy: b.castBy, viaProxyOf: b.viaProxyOf, weight: b.weight, corrections: b.corrections });

/**
 * A meeting as its readers see it. For a secret vote only who voted and how many is shown while it
 * is open, and only the counts once it is closed: the choices are not in the state anyway (sealed).
 */
export function meetingView(state: MeetingState, revision: bigint | undefined): MeetingView {
  return {
    meetingId: state.meetingId,
    clusterId: state.clusterId,
    kind: state.kind,
    groupId: state.groupId ?? null,
    title: state.title,
    scheduledFor: state.scheduledFor,
    status: state.status,
    convenedBy: state.convenedBy,
    revision: revision?.toString() ?? null,
    agenda: state.agenda,
    attendance: Object.entries(state.attendance).map(([memberId, a]) => ({ memberId, ...a })),
    proxies: Object.entries(state.proxies).map(([grantorMemberId, p]) => ({ grantorMemberId, ...p })),
    votes: Object.values(state.votes).map((v) => {
      const ballots = [...v.ballots.values()];
      return {
        ...voteHeader(v),
        voted: ballots.map((b) => b.memberId),
        ballots: v.secrecy === 'named' ? ballots.map(ballotView) : null,
        result: v.result ?? null,
      };
    }),
    minutes: state.minutes,
  };
}

export const meetingSummarySchema = z
  .object({
    ...meetingHeaderFields,
    revision: revisionSchema,
    votes: z.number().int(),
    openVotes: z.number().int(),
  })
  .meta({ id: 'MeetingSummary' });
export type MeetingSummary = z.output<typeof meetingSummarySchema>;

/** One line of a cluster's list of meetings: enough to find the one in progress and the past ones. */
export function meetingSummary(state: MeetingState, revision: bigint | undefined): MeetingSummary {
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

/** GET /api/clusters/{id}/resolutions: the register, in the order numbers were given. */
export const registerEntrySchema = resolutionNumberAssignedSchema.meta({
  id: 'RegisterEntry',
  description: 'A numbered resolution (n/yyyy of its body, from 1 each year): a closed vote of a meeting (voteId), or a leader election held at it (electionId)',
});
export type RegisterEntry = z.output<typeof registerEntrySchema>;
