import { z } from 'zod';
import { decisionKindSchema } from '../cluster/charter';
import { meetingKindSchema, resolutionRefSchema, voteSubjectSchema } from './meeting.events';
import type { MeetingState } from './meeting.state';

/**
 * A closed vote as another aggregate sees it: what it was about, where it was taken, and whether it
 * carried. The handler reads it from the meeting stream and passes it in the command.
 */
export const resolutionFactsSchema = z.object({
  meetingId: z.string(),
  voteId: z.string(),
  meetingKind: meetingKindSchema,
  decisionKind: decisionKindSchema,
  subject: voteSubjectSchema,
  outcome: z.enum(['adopted', 'rejected']),
  resolution: resolutionRefSchema,
  charterVersion: z.number().int(),
});
export type ResolutionFacts = z.infer<typeof resolutionFactsSchema>;

/** The closed and numbered vote's facts, or undefined while the vote is open, unnumbered or does not exist. */
export function resolutionFacts(meeting: MeetingState, voteId: string): ResolutionFacts | undefined {
  const vote = meeting.votes[voteId];
  if (!meeting.exists || !vote?.result?.resolution) return undefined;
  return {
    meetingId: meeting.meetingId,
    voteId,
    meetingKind: meeting.kind,
    decisionKind: vote.decisionKind as ResolutionFacts['decisionKind'],
    subject: vote.subject,
    outcome: vote.result.outcome,
    resolution: vote.result.resolution,
    charterVersion: vote.charterVersion,
  };
}
