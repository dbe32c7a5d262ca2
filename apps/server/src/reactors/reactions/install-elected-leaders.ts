import { clusterDecider, clusterStreamId, electionEventSchemas, electionResultFacts, parseClusterEvent } from '@klaster/domain';
import type { EventStore, RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { loadElection } from '../../elections/election-access';
import { reactionOptions, type Reaction } from '../reaction';

/** The member a general meeting elected becomes the cluster's coordinator. */
export const installElectedLeaders: Reaction = {
  name: 'install-elected-leaders',
  triggers: ['LeaderElected'],
  async react(event: RecordedEvent, store: EventStore) {
    const elected = electionEventSchemas.LeaderElected.parse(event.data);
    const election = electionResultFacts((await loadElection(store, event.streamId.slice('election-'.length))).state);
    const command = {
      type: 'InstallElectedLeader' as const,
      clusterId: election.clusterId,
      electionId: election.electionId,
      memberId: elected.memberId,
      election,
      actor: reactionOptions(this, event).actor,
      at: elected.electedAt,
    };
    return [await executeOnStream(store, clusterDecider, parseClusterEvent, clusterStreamId(election.clusterId), command, reactionOptions(this, event))];
  },
};
