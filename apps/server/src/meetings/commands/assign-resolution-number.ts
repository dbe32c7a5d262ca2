import {
  parseResolutionRegisterEvent,
  resolutionBody,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  type MeetingState,
  type ResolutionRef,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { executeOnStream, load } from '../../command-handling/execute-on-stream';

/**
 * The next number of the meeting's body in the cluster's resolution register (`n/yyyy`), taken for
 * the vote before it is closed. Idempotent per vote: asking again returns the number already given.
 */
export async function assignResolutionNumber(store: EventStore, meeting: MeetingState, voteId: string, at: string): Promise<ResolutionRef> {
  const streamId = resolutionRegisterStreamId(meeting.clusterId);
  const body = resolutionBody(meeting);
  const year = Number(at.slice(0, 4));
  const command = { type: 'AssignResolutionNumber' as const, body, year, meetingId: meeting.meetingId, voteId };
  await executeOnStream(store, resolutionRegisterDecider, parseResolutionRegisterEvent, streamId, command, { actor: 'system', correlationId: voteId });
  const register = (await load(store, resolutionRegisterDecider, parseResolutionRegisterEvent, streamId)).state;
  const entry = register.find((r) => r.meetingId === meeting.meetingId && r.voteId === voteId)!;
  return { number: entry.number, body: entry.body, sequence: entry.sequence, year: entry.year };
}
