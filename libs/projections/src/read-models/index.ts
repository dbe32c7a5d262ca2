import {
  clusterDecider,
  electionDecider,
  groupDecider,
  meetingDecider,
  parseClusterEvent,
  parseElectionEvent,
  parseGroupEvent,
  parseMeetingEvent,
  parseResolutionRegisterEvent,
  resolutionRegisterDecider,
  reviveClusterState,
  reviveElectionState,
  reviveMeetingState,
  readersOf,
  type ClusterState,
  type ElectionState,
  type GroupState,
  type MeetingState,
  type ResolutionRegisterState,
} from '@klaster/domain';
import { aggregateProjection, parseRecorded, type AggregateDoc, type Projection } from './projection';
import { participantsReadModel } from './participants';
import { sealScheduleReadModel } from './seal-schedule';
import type { RecordedEvent } from '@klaster/event-store';
import type { SplitPath } from '../store/document-parts';

/** The split entries of a meeting's document a meeting event may change (see meetingsReadModel). */
function meetingEntriesTouched(event: RecordedEvent): readonly SplitPath[] {
  const data = event.data as { voteId?: string; memberId?: string };
  switch (event.type) {
    case 'BallotCast':
    case 'BallotCorrected':
      // A ballot after the close changes neither (it joins lateBallots, in the document's own row).
      return [
        ['state', 'votes', data.voteId!],
        ['state', 'votes', data.voteId!, 'ballots', data.memberId!],
      ];
    case 'VoteOpened':
    case 'VoteClosed':
    case 'ResolutionNumbered':
      return [['state', 'votes', data.voteId!]];
    case 'AttendanceRecorded':
      return [['state', 'attendance', data.memberId!]];
    default:
      return [];
  }
}

/** The split entries of an election's document an election event may change (see electionsReadModel). */
function electionEntriesTouched(event: RecordedEvent): readonly SplitPath[] {
  const data = event.data as { round?: number; memberId?: string };
  switch (event.type) {
    case 'ElectionBallotCast':
      // The ballot's own row only: the round's header (status, candidates, result) stays as it was.
      return [['state', 'rounds', String(data.round), 'ballots', data.memberId!]];
    case 'RoundOpened':
    case 'RunoffOpened':
    case 'RoundClosed':
      return [['state', 'rounds', String(data.round)]];
    default:
      return [];
  }
}

/**
 * The split entries of a cluster's document a cluster event changed (see clustersReadModel): the
 * member it is about and, when its history grew, the new entry. An event that left every member as
 * it was changes none; one that changed members in a way not named here: undefined (compare all).
 */
function clusterEntriesTouched(event: RecordedEvent, state: ClusterState, before: ClusterState | undefined): readonly SplitPath[] | undefined {
  if (before && before.members === state.members) return [];
  const memberId = (event.data as { memberId?: string }).memberId;
  const member = memberId === undefined ? undefined : state.members[memberId];
  if (!member) return undefined;
  switch (event.type) {
    case 'MemberAdmitted':
      // Admitted again under the same id (the decider refuses it): compare all, so no old entry stays.
      if (before?.members[memberId!]) return undefined;
      return [
        ['state', 'members', memberId!],
        ['state', 'members', memberId!, 'representativeHistory', String(member.representativeHistory.size - 1)],
      ];
    case 'RepresentativeChanged':
      return [
        ['state', 'members', memberId!],
        ['state', 'members', memberId!, 'representativeHistory', String(member.representativeHistory.size - 1)],
      ];
    case 'MemberWithdrew':
      return [['state', 'members', memberId!]];
    default:
      return undefined;
  }
}

export const clustersReadModel = aggregateProjection<ClusterState, ReturnType<typeof parseClusterEvent>>({
  collection: 'clusters',
  streamPrefix: 'cluster-',
  decider: clusterDecider,
  parse: parseClusterEvent,
  clusterIdOf: (s) => s.clusterId,
  // Each member one row, and each entry of its representatives' history one row: a change writes
  // the member and its new entry, whatever the number of members or of changes before it.
  splitAt: [
    ['state', 'members'],
    ['state', 'members', '*', 'representativeHistory'],
  ],
  touches: clusterEntriesTouched,
  revive: reviveClusterState,
  // Found by the people who may read it: a sign-in reads that person's clusters and no other.
  termsOf: readersOf,
});

export const meetingsReadModel = aggregateProjection<MeetingState, ReturnType<typeof parseMeetingEvent>>({
  collection: 'meetings',
  streamPrefix: 'meeting-',
  decider: meetingDecider,
  parse: parseMeetingEvent,
  clusterIdOf: (s) => s.clusterId,
  // A general meeting's votes, each vote's ballots and the attendance are stored one row per entry,
  // and each event names the entries it changes: a ballot writes its ballot and its vote's header
  // (the running count), whatever the number of ballots, votes or members present.
  splitAt: [
    ['state', 'votes'],
    ['state', 'votes', '*', 'ballots'],
    ['state', 'attendance'],
  ],
  touches: meetingEntriesTouched,
  revive: reviveMeetingState,
});

export const groupsReadModel = aggregateProjection<GroupState, ReturnType<typeof parseGroupEvent>>({
  collection: 'groups',
  streamPrefix: 'group-',
  decider: groupDecider,
  parse: parseGroupEvent,
  clusterIdOf: (s) => s.clusterId,
});

export const electionsReadModel = aggregateProjection<ElectionState, ReturnType<typeof parseElectionEvent>>({
  collection: 'elections',
  streamPrefix: 'election-',
  decider: electionDecider,
  parse: parseElectionEvent,
  clusterIdOf: (s) => s.clusterId,
  // As a meeting's votes: each round, and each of its ballots, one row; a ballot writes its own row,
  // whatever the number of ballots already cast.
  splitAt: [
    ['state', 'rounds'],
    ['state', 'rounds', '*', 'ballots'],
  ],
  touches: electionEntriesTouched,
  revive: reviveElectionState,
});

/** The resolution register, one per cluster (the stream's suffix is the cluster id). */
export const resolutionsReadModel: Projection<AggregateDoc<ResolutionRegisterState> & { clusterId: string }> = {
  collection: 'resolutions',
  keyOf: (event) => (event.streamId.startsWith('resolutions-') ? event.streamId.slice('resolutions-'.length) : undefined),
  apply: (doc, event) => ({
    clusterId: event.streamId.slice('resolutions-'.length),
    state: resolutionRegisterDecider.evolve(doc?.state ?? resolutionRegisterDecider.initialState(), parseRecorded(parseResolutionRegisterEvent, event)),
    revision: event.revision,
    position: event.position,
  }),
  clusterIdOf: (doc) => doc.clusterId,
};

/** Every read model the server keeps, in the order the runner applies them. */
export const readModels: Projection<any>[] = [clustersReadModel, meetingsReadModel, groupsReadModel, electionsReadModel, resolutionsReadModel, participantsReadModel, sealScheduleReadModel];

export * from './compliance';
export * from './participants';
export * from './seal-schedule';
export * from './inbox';
