import { electionEventSchemas } from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { loadCluster, loadMeeting } from '../../command-handling/load-aggregates';
import { loadElection } from '../../elections/election-access';
import type { Reaction } from '../reaction';
import { assignRegisterNumber } from './assign-register-number';

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
    return [await assignRegisterNumber(store, this, event, meeting, cluster, elected.electedAt, { electionId: election.electionId })];
  },
};
