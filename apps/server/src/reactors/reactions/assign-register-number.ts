import {
  parseResolutionRegisterEvent,
  resolutionBody,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  yearIn,
  type ClusterState,
  type MeetingState,
} from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { reactionOptions, type Reaction } from '../reaction';

/**
 * Gives a decision of a meeting's body (a closed vote, an elected leader) the next number of that
 * body's register: `n/yyyy` in the year it was decided, in the cluster's time zone (00:30 on 1 January
 * in Warsaw is the new year), registered as of that moment — a decision of 2016 entered today is
 * numbered in 2016's register.
 */
export function assignRegisterNumber(
  store: EventStore,
  reaction: Reaction,
  cause: RecordedEvent,
  meeting: MeetingState,
  cluster: ClusterState,
  decidedAt: string,
  decision: { voteId: string } | { electionId: string },
) {
  const command = {
    type: 'AssignResolutionNumber' as const,
    body: resolutionBody(meeting),
    year: yearIn(decidedAt, cluster.timeZone),
    meetingId: meeting.meetingId,
    ...decision,
    at: decidedAt,
  };
  const registerId = resolutionRegisterStreamId(meeting.clusterId);
  return executeOnStream(store, resolutionRegisterDecider, parseResolutionRegisterEvent, registerId, command, reactionOptions(reaction, cause));
}
