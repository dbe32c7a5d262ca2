import { shownTally, type ClusterState, type ElectionState, type GroupState, type MeetingState, type ResolutionRegisterState } from '@klaster/domain';
import { occurredAtOf, type RecordedEvent } from '@klaster/event-store';
import type { AggregateDoc } from '@klaster/projections';
import { clusterView } from '../clusters/queries/cluster.view';
import { electionView } from '../elections/queries/election.view';
import { groupView } from '../groups/queries/group.view';
import { ballotView, meetingView, voteHeader } from '../meetings/queries/meeting.view';
import { recordedAct, type RecordedAct } from '../reads/recorded-acts';

/** What every live message carries: the event's identity in the log and the read-model fragment it changed. */
export interface LiveMessage {
  type: string;
  streamId: string;
  /** Global position in the log, as a decimal string (resume with it). */
  position: string;
  /** Revision of the event in its stream, as a decimal string. */
  revision: string;
  room: string;
  fragment: LiveFragment;
  /** Present when the act was recorded after the fact: when it occurred, when and by whom it was recorded, from which document. */
  recorded?: RecordedAct;
}

export type LiveFragment = ReturnType<typeof fragmentOf>;

/** The read models the live feed knows, with the stream prefix and the room kind of each. */
export const LIVE_COLLECTIONS = {
  clusters: { streamPrefix: 'cluster-', room: 'cluster' },
  meetings: { streamPrefix: 'meeting-', room: 'meeting' },
  groups: { streamPrefix: 'group-', room: 'group' },
  elections: { streamPrefix: 'election-', room: 'election' },
  /** The resolution register has no room of its own: it is pushed to its cluster's room. */
  resolutions: { streamPrefix: 'resolutions-', room: undefined },
} as const;
export type LiveCollection = keyof typeof LIVE_COLLECTIONS;
export const isLiveCollection = (c: string): c is LiveCollection => Object.prototype.hasOwnProperty.call(LIVE_COLLECTIONS, c);

/** The rooms a change of a document concerns: its cluster's room always, and the aggregate's own room. */
export function roomsOf(collection: LiveCollection, key: string, clusterId: string | null): string[] {
  const rooms = clusterId ? [`cluster:${clusterId}`] : [];
  const own = LIVE_COLLECTIONS[collection].room;
  if (own && own !== 'cluster') rooms.push(`${own}:${key}`);
  return rooms;
}

const VOTE_EVENTS = new Set(['VoteOpened', 'BallotCast', 'BallotCorrected', 'VoteClosed', 'VoteCountsRecorded', 'ResolutionNumbered']);

/**
 * The changed read-model fragment a client needs to update its screen without refetching. Vote
 * events are built from the parts meetingView is (voteHeader, ballotView), so the secrecy rules stay in one place: a secret vote shows
 * counts only (no ballots, no choices, and here not even who voted), its tally once it is closed.
 * `lookupCluster` gives the current cluster state (a group's view names its members' organisations).
 */
export function fragmentOf(collection: LiveCollection, doc: AggregateDoc<unknown>, event: RecordedEvent, lookupCluster: (clusterId: string) => ClusterState | undefined) {
  switch (collection) {
    case 'meetings': {
      const state = doc.state as MeetingState;
      const data = event.data as { voteId?: string; memberId?: string };
      if (VOTE_EVENTS.has(event.type) && data.voteId && state.votes[data.voteId]) {
        return voteFragment(state, doc.revision, data.voteId, event.type === 'BallotCast' || event.type === 'BallotCorrected' ? data.memberId : undefined);
      }
      const { votes: _votes, ...meeting } = meetingView({ ...state, votes: {} }, doc.revision);
      return { view: 'meeting' as const, ...meeting, votes: voteSummaries(state) };
    }
    case 'clusters':
      return { view: 'cluster' as const, ...clusterView(doc.state as ClusterState, doc.revision) };
    case 'groups': {
      const group = doc.state as GroupState;
      const cluster = lookupCluster(group.clusterId);
      if (!cluster) return { view: 'group' as const, groupId: group.groupId, clusterId: group.clusterId, revision: doc.revision.toString() };
      return { view: 'group' as const, ...groupView(group, doc.revision, cluster, occurredAtOf(event)) };
    }
    case 'elections':
      return { view: 'election' as const, ...electionView(doc.state as ElectionState, doc.revision) };
    case 'resolutions': {
      const register = (doc as AggregateDoc<ResolutionRegisterState> & { clusterId: string });
      return { view: 'resolution' as const, clusterId: register.clusterId, revision: doc.revision.toString(), resolution: register.state[register.state.length - 1] ?? null };
    }
  }
}

/**
 * One vote, as meetingView shows it, without the per-member lists (they grow with the meeting; the
 * changed ballot comes alone), plus the tally: the running one of a named vote, the counted one once
 * closed. O(1) in the number of ballots: the header and the running count are kept by the fold, the
 * changed ballot is one lookup. A secret vote shows no ballot and no running tally (its count is
 * null until it is counted), so no choice can leak from here.
 */
function voteFragment(state: MeetingState, revision: bigint, voteId: string, changedMember: string | undefined) {
  const vote = state.votes[voteId];
  const changed = changedMember !== undefined && vote.secrecy === 'named' ? vote.ballots.get(changedMember) : undefined;
  return {
    view: 'vote' as const,
    meetingId: state.meetingId,
    clusterId: state.clusterId,
    revision: revision.toString(),
    vote: { ...voteHeader(vote), result: vote.result ?? null, tally: shownTally(vote) },
    ballot: changed ? ballotView(changed) : null,
  };
}

/** O(votes), whatever their ballots. */
function voteSummaries(state: MeetingState) {
  return Object.values(state.votes).map((v) => ({ voteId: v.voteId, motion: v.motion, secrecy: v.secrecy, status: v.status, ballotsCast: v.count.ballotsCast }));
}

/** A live message for one room. */
export function liveMessage(event: RecordedEvent, room: string, fragment: LiveFragment): LiveMessage {
  const recorded = recordedAct(event);
  return { type: event.type, streamId: event.streamId, position: event.position.toString(), revision: event.revision.toString(), room, fragment, ...(recorded ? { recorded } : {}) };
}
