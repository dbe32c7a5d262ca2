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
  type ClusterState,
  type ElectionState,
  type GroupState,
  type MeetingState,
  type ResolutionRegisterState,
} from '@klaster/domain';
import { aggregateProjection, parseRecorded, type AggregateDoc, type Projection } from './projection';
import { participantsReadModel } from './participants';

export const clustersReadModel = aggregateProjection<ClusterState, ReturnType<typeof parseClusterEvent>>({
  collection: 'clusters',
  streamPrefix: 'cluster-',
  decider: clusterDecider,
  parse: parseClusterEvent,
  clusterIdOf: (s) => s.clusterId,
});

export const meetingsReadModel = aggregateProjection<MeetingState, ReturnType<typeof parseMeetingEvent>>({
  collection: 'meetings',
  streamPrefix: 'meeting-',
  decider: meetingDecider,
  parse: parseMeetingEvent,
  clusterIdOf: (s) => s.clusterId,
  // A general meeting's votes, each with every ballot, are stored one row per vote: a ballot
  // rewrites its vote, not every vote of the meeting.
  splitAt: ['state', 'votes'],
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
export const readModels: Projection<any>[] = [clustersReadModel, meetingsReadModel, groupsReadModel, electionsReadModel, resolutionsReadModel, participantsReadModel];

export * from './compliance';
export * from './participants';
export * from './inbox';
