import {
  electionEventSchemas,
  parseResolutionRegisterEvent,
  resolutionBody,
  resolutionRegisterDecider,
  resolutionRegisterStreamId,
  yearIn,
} from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { loadCluster, loadMeeting } from '../../command-handling/load-aggregates';
import { loadElection } from '../../elections/election-access';
import { reactionOptions, type Reaction } from '../reaction';

/**
 * A leader elected is a resolution of the meeting's body, like any other decision: it takes the next
 * number of that body's register (`n/yyyy`, the year of the day the deciding round closed in the
 * cluster's time zone), in the order decisions were taken in the log. An inconclusive election decided
 * nothing and takes no number.
 */
export const numberElectedLeaders: Reaction = {
  name: 'number-elected-leaders',
  triggers: ['LeaderElected'],
  async react(event: RecordedEvent, store: EventStore) {
    const elected = electionEventSchemas.LeaderElected.parse(event.data);
    const election = (await loadElection(store, event.streamId.slice('election-'.length))).state;
    const meeting = (await loadMeeting(store, election.meetingId)).state;
    const cluster = (await loadCluster(store, election.clusterId)).state;
    const command = {
      type: 'AssignResolutionNumber' as const,
      body: resolutionBody(meeting),
      year: yearIn(elected.electedAt, cluster.timeZone),
      meetingId: election.meetingId,
      electionId: election.electionId,
      // Numbered as of the close: an election of 2016 entered today is numbered in 2016's register.
      at: elected.electedAt,
    };
    const registerId = resolutionRegisterStreamId(election.clusterId);
    return [await executeOnStream(store, resolutionRegisterDecider, parseResolutionRegisterEvent, registerId, command, reactionOptions(this, event))];
  },
};
