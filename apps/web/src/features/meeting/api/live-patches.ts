import type { QueryClient } from '@tanstack/react-query';
import type { FragmentOf, MeetingSummary } from '../../../lib/api-types';
import { isNewer, patchOrRefetch } from '../../../lib/query';
import { meetingKey, meetingsKey, type CachedMeeting, type CachedVote } from './meeting';

/**
 * A meeting fragment carries the meeting without its votes' details (a summary of each): it
 * replaces the cached meeting's own fields and keeps the detailed votes it already has.
 */
export function patchMeeting(client: QueryClient, fragment: FragmentOf<'meeting'>): void {
  const { view: _view, votes: summaries, ...meeting } = fragment;
  patchOrRefetch<CachedMeeting>(client, meetingKey(meeting.meetingId), (cached) => {
    if (!isNewer(meeting.revision, cached.revision)) return cached;
    const votes = summaries.map((s) => {
      const known = cached.votes.find((v) => v.voteId === s.voteId);
      return known ? { ...known, status: s.status, ballotsCast: s.ballotsCast } : undefined;
    });
    // A vote we have never seen in detail (cannot happen in order, but never show a half vote): reload.
    if (votes.some((v) => !v)) {
      void client.invalidateQueries({ queryKey: meetingKey(meeting.meetingId), exact: true });
      return cached;
    }
    return { ...cached, ...meeting, votes: votes as CachedVote[] };
  });
  patchList(client, meeting.clusterId, meeting.meetingId, (s) => ({
    ...s,
    title: meeting.title,
    scheduledFor: meeting.scheduledFor,
    status: meeting.status,
    revision: meeting.revision,
  }));
}

/** A vote fragment: the vote (with its running tally) and the one ballot that changed. */
export function patchVote(client: QueryClient, fragment: FragmentOf<'vote'>): void {
  const { vote, ballot } = fragment;
  const before = client.getQueryData<CachedMeeting>(meetingKey(fragment.meetingId))?.votes.find((v) => v.voteId === vote.voteId);
  patchOrRefetch<CachedMeeting>(client, meetingKey(fragment.meetingId), (cached) => {
    if (!isNewer(fragment.revision, cached.revision)) return cached;
    const known = cached.votes.find((v) => v.voteId === vote.voteId);
    const ballots = known?.ballots ?? (vote.secrecy === 'named' ? [] : null);
    const nextBallots = ballot && ballots ? [...ballots.filter((b) => b.memberId !== ballot.memberId), ballot] : ballots;
    const voted = known?.voted ?? [];
    const next: CachedVote = { ...known, ...vote, ballots: nextBallots, voted: ballot && !voted.includes(ballot.memberId) ? [...voted, ballot.memberId] : voted };
    const votes = known ? cached.votes.map((v) => (v.voteId === vote.voteId ? next : v)) : [...cached.votes, next];
    return { ...cached, revision: fragment.revision, votes };
  });
  patchList(client, fragment.clusterId, fragment.meetingId, (s) => s, !before || before.status !== vote.status);
}

function patchList(client: QueryClient, clusterId: string, meetingId: string, update: (s: MeetingSummary) => MeetingSummary, countsChanged = false): void {
  const key = meetingsKey(clusterId);
  const list = client.getQueryData<MeetingSummary[]>(key);
  if (!list) return;
  // A new meeting, or a vote opened or closed (the counts): read the list again.
  if (countsChanged || !list.some((s) => s.meetingId === meetingId)) {
    void client.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  client.setQueryData<MeetingSummary[]>(key, list.map((s) => (s.meetingId === meetingId ? update(s) : s)));
}
