import type { Decider } from '../shared/decider';
import type { MeetingCommand } from './meeting.commands';
import type { MeetingEvent } from './meeting.events';
import { decideMeeting } from './meeting.decide';
import { evolveMeeting, initialMeetingState, type MeetingState } from './meeting.state';

export const meetingStreamId = (meetingId: string) => `meeting-${meetingId}`;

export const meetingDecider: Decider<MeetingState, MeetingCommand, MeetingEvent> = {
  initialState: initialMeetingState,
  decide: decideMeeting,
  evolve: evolveMeeting,
};
