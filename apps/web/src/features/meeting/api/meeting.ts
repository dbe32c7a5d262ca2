import type { Choice, MeetingBody, MeetingSummary, MeetingView } from '../../../lib/api-types';
import { apiCommand, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';
import type { Tally } from '@klaster/domain/meeting/voting-rules';

/** A vote as cached: the meeting's vote, plus the running tally the live fragments carry. */
export type CachedVote = MeetingView['votes'][number] & { tally?: Tally | null };
export type CachedMeeting = Omit<MeetingView, 'votes'> & { votes: CachedVote[] };

export const meetingKey = (meetingId: string) => ['meetings', meetingId] as const;
export const meetingsKey = (clusterId: string) => ['clusters', clusterId, 'meetings'] as const;

export const useMeeting = (meetingId: string) => useResource<CachedMeeting>(meetingKey(meetingId));
export const useMeetings = (clusterId: string) => useResource<MeetingSummary[]>(meetingsKey(clusterId));

const m = (meetingId: string, tail: string) => `/meetings/${seg(meetingId)}/${tail}`;
const v = (meetingId: string, voteId: string, tail: string) => m(meetingId, `votes/${seg(voteId)}/${tail}`);

/** The meeting commands the page offers (the coordinator's, and each member's ballot). */
export const meetingCommands = {
  convene: (clusterId: string, body: MeetingBody<'ConveneMeeting'>) => apiCommand(`/clusters/${seg(clusterId)}/meetings`, body),
  addAgendaItem: (meetingId: string, body: MeetingBody<'AddAgendaItem'>) => apiCommand(m(meetingId, 'agenda'), body),
  open: (meetingId: string) => apiCommand(m(meetingId, 'opening')),
  close: (meetingId: string) => apiCommand(m(meetingId, 'closing')),
  cancel: (meetingId: string, body: MeetingBody<'CancelMeeting'>) => apiCommand(m(meetingId, 'cancellation'), body),
  attendance: (meetingId: string, body: MeetingBody<'RecordAttendance'>) => apiCommand(m(meetingId, 'attendance'), body),
  registerProxy: (meetingId: string, body: MeetingBody<'RegisterProxy'>) => apiCommand(m(meetingId, 'proxies'), body),
  openVote: (meetingId: string, body: MeetingBody<'OpenVote'>) => apiCommand(m(meetingId, 'votes'), body),
  cast: (meetingId: string, voteId: string, memberId: string, choice: Choice) => apiCommand(v(meetingId, voteId, 'ballots'), { memberId, choice } satisfies MeetingBody<'CastBallot'>),
  correct: (meetingId: string, voteId: string, memberId: string, choice: Choice) => apiCommand(v(meetingId, voteId, 'corrections'), { memberId, choice } satisfies MeetingBody<'CorrectBallot'>),
  closeVote: (meetingId: string, voteId: string) => apiCommand(v(meetingId, voteId, 'closing')),
  draftMinutes: (meetingId: string, body: MeetingBody<'DraftMinutes'>) => apiCommand(m(meetingId, 'minutes'), body),
  correctMinutes: (meetingId: string, body: MeetingBody<'CorrectMinutes'>) => apiCommand(m(meetingId, 'minutes/corrections'), body),
};
