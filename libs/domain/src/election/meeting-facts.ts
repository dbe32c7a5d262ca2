import { z } from 'zod';
import { meetingKindSchema } from '../meeting/meeting.events';
import { isPresent, type MeetingState } from '../meeting/meeting.state';

/**
 * What an election needs to know about the meeting that holds it, read by the handler from the
 * meeting stream and passed in the command: who is there now, and whether the meeting still runs.
 */
export const electionMeetingFactsSchema = z.object({
  meetingId: z.string(),
  clusterId: z.string(),
  kind: meetingKindSchema,
  status: z.enum(['convened', 'open', 'closed', 'cancelled']),
  /** Members whose latest attendance is in person or online (not 'left'). */
  presentMemberIds: z.array(z.string()),
});
export type ElectionMeetingFacts = z.infer<typeof electionMeetingFactsSchema>;

export function electionMeetingFacts(meeting: MeetingState): ElectionMeetingFacts {
  return {
    meetingId: meeting.meetingId,
    clusterId: meeting.clusterId,
    kind: meeting.kind,
    status: meeting.status,
    presentMemberIds: Object.keys(meeting.attendance).filter((memberId) => isPresent(meeting, memberId)),
  };
}
