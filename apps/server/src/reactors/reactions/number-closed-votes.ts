import { meetingEventSchemas } from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { loadCluster, loadMeeting } from '../../command-handling/load-aggregates';
import type { Reaction } from '../reaction';
import { assignRegisterNumber } from './assign-register-number';

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
    return [await assignRegisterNumber(store, this, event, meeting, cluster, closed.closedAt, { voteId: closed.voteId })];
  },
};
