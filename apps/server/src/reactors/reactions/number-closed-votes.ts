import {
  meetingEventSchemas,
  parseResolutionRegisterEvent,
  resolutionBody,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  yearIn,
} from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { loadCluster, loadMeeting } from '../../command-handling/load-aggregates';
import { reactionOptions, type Reaction } from '../reaction';

/**
 * A closed vote takes the next number of its body's register (`n/yyyy`, the year of the day it closed
 * in the cluster's time zone). Votes are numbered in the order they closed in the log, so the register
 * has no gaps: a refused close writes no VoteClosed, and so takes no number.
 */
export const numberClosedVotes: Reaction = {
  name: 'number-closed-votes',
  // A vote closed on its ballots, or recorded from its minutes by its counts: each is numbered alike.
  triggers: ['VoteClosed', 'VoteCountsRecorded'],
  async react(event: RecordedEvent, store: EventStore) {
    const closed = event.type === 'VoteCountsRecorded' ? meetingEventSchemas.VoteCountsRecorded.parse(event.data) : meetingEventSchemas.VoteClosed.parse(event.data);
    if ('resolution' in closed && closed.resolution) return []; // numbered when it closed, by the code before this reactor
    const meeting = (await loadMeeting(store, event.streamId.slice('meeting-'.length))).state;
    const cluster = (await loadCluster(store, meeting.clusterId)).state;
    const command = {
      type: 'AssignResolutionNumber' as const,
      body: resolutionBody(meeting),
      // The year of the day the vote closed, in the cluster's zone: 00:30 on 1 January in Warsaw is the new year.
      year: yearIn(closed.closedAt, cluster.timeZone),
      meetingId: meeting.meetingId,
      voteId: closed.voteId,
      // Numbered as of the close: a vote of 2016 entered today is numbered in 2016's register.
      at: closed.closedAt,
    };
    const registerId = resolutionRegisterStreamId(meeting.clusterId);
    return [await executeOnStream(store, resolutionRegisterDecider, parseResolutionRegisterEvent, registerId, command, reactionOptions(this, event))];
  },
};
