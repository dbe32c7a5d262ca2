import type { RecordedAct } from '../../../lib/api-types';
import { apiCommand, seg } from '../../../lib/api-client';
import { useResource } from '../../../lib/query';

/** The acts recorded after the fact on a cluster's record and its meetings' (GET /api/clusters/{id}/recorded-acts). */
export const useClusterRecordedActs = (clusterId: string) => useResource<RecordedAct[]>(['clusters', clusterId, 'recorded-acts']);
/** The acts recorded after the fact on one meeting's record. */
export const useMeetingRecordedActs = (meetingId: string) => useResource<RecordedAct[]>(['meetings', meetingId, 'recorded-acts']);

/** Every cached list of recorded acts ends its key with this segment: a live act recorded after the fact refreshes them. */
export const RECORDED_ACTS = 'recorded-acts';

/** The closing of a vote, if it was recorded after the fact: the resolution's own dates. */
export const closingOf = (acts: RecordedAct[] | undefined, meetingId: string, voteId: string) => acts?.find((a) => (a.type === 'VoteClosed' || a.type === 'VoteCountsRecorded') && a.meetingId === meetingId && a.voteId === voteId);

export const changeTimeZone = (clusterId: string, timeZone: string) => apiCommand(`/clusters/${seg(clusterId)}/time-zone`, { timeZone });
