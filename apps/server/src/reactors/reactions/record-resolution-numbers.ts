import { meetingDecider, meetingStreamId, parseMeetingEvent, resolutionNumberAssignedSchema } from '@klaster/domain';
import { occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { executeOnStream } from '../../command-handling/execute-on-stream';
import { reactionOptions, type Reaction } from '../reaction';

/** The register's number is recorded on the meeting too, so the meeting's own record names its resolutions. */
export const recordResolutionNumbers: Reaction = {
  name: 'record-resolution-numbers',
  triggers: ['ResolutionNumberAssigned'],
  async react(event: RecordedEvent, store: EventStore) {
    const { meetingId, voteId, number, body, sequence, year } = resolutionNumberAssignedSchema.parse(event.data);
    if (voteId === undefined) return []; // an election's number: recorded on the election (record-election-resolution-numbers)
    const command = {
      type: 'RecordResolutionNumber' as const,
      meetingId,
      voteId,
      resolution: { number, body, sequence, year },
      actor: reactionOptions(this, event).actor,
      // The number belongs to the moment the vote closed (and was numbered), not to when it was recorded.
      at: occurredAtOf(event),
    };
    return [await executeOnStream(store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId), command, reactionOptions(this, event))];
  },
};
