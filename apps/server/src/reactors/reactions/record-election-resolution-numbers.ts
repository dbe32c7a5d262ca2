import { electionDecider, electionStreamId, parseElectionEvent, resolutionNumberAssignedSchema } from '@klaster/domain';
import { occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { reactionOptions, type Reaction } from '../reaction';

/** An election's number in the register is recorded on the election too, so its own record names its resolution. */
export const recordElectionResolutionNumbers: Reaction = {
  name: 'record-election-resolution-numbers',
  triggers: ['ResolutionNumberAssigned'],
  async react(event: RecordedEvent, store: EventStore) {
    const { electionId, number, body, sequence, year } = resolutionNumberAssignedSchema.parse(event.data);
    if (electionId === undefined) return []; // a vote's number: recorded on its meeting (record-resolution-numbers)
    const command = {
      type: 'RecordElectionResolutionNumber' as const,
      electionId,
      resolution: { number, body, sequence, year },
      actor: reactionOptions(this, event).actor,
      at: occurredAtOf(event),
    };
    return [await executeOnStream(store, electionDecider, parseElectionEvent, electionStreamId(electionId), command, reactionOptions(this, event))];
  },
};
