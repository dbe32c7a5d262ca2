import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { groupClusterFacts, groupDecider, groupStreamId, notFound, parseGroupEvent, qualifiedId, resolutionFacts, type GroupCommand } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import type { DistributiveOmit } from '../../http/distributive-omit';
import { loadGroup, loadMeeting, readableCluster, requireClusterRevision } from '../../command-handling/load-aggregates';
import { groupNotFound } from '../group-with-cluster';
import { actInTime } from '../../command-handling/act-in-time';

/** A group command as the controller builds it: the handler adds the facts about the cluster. */
export type GroupCommandRequest = DistributiveOmit<GroupCommand, 'cluster'>;

/** Any group command travels the CommandBus in this envelope; the decider tells the kinds apart. */
export class ExecuteGroupCommand {
  constructor(
    readonly request: GroupCommandRequest,
    readonly options: ExecuteOptions,
  ) {}
}

function qualifiedRequest(request: Extract<GroupCommandRequest, { type: 'RequestGroup' }>): GroupCommandRequest {
  const { clusterId, requestedBy } = request;
  return {
    ...request,
    groupId: qualifiedId(clusterId, request.groupId),
    requestedBy:
      requestedBy.kind === 'council_resolution'
        ? { ...requestedBy, resolution: { ...requestedBy.resolution, meetingId: qualifiedId(clusterId, requestedBy.resolution.meetingId) } }
        : requestedBy,
  };
}

/**
 * Finds the group's cluster (from the path for a request, else from the group stream), reads the
 * cluster facts the decision needs, then decides on the group stream alone.
 */
@CommandHandler(ExecuteGroupCommand)
export class GroupCommandHandler implements ICommandHandler<ExecuteGroupCommand, CommandOutcome> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ request: given, options }: ExecuteGroupCommand): Promise<CommandOutcome> {
    // A group is requested with ids inside its cluster: `g1` in cluster `kl` is `kl.g1` (and so is a cited meeting).
    const request: GroupCommandRequest = given.type === 'RequestGroup' ? qualifiedRequest(given) : given;
    // A group's cluster never changes, so reading it ahead of executeOnStream's retry loop is safe.
    const clusterId = request.type === 'RequestGroup' ? request.clusterId : (await loadGroup(this.store, request.groupId)).state.clusterId;
    if (!clusterId) throw notFound(groupNotFound(request.groupId));
    const requesting = request.type === 'RequestGroup';
    const cluster = await readableCluster(this.store, clusterId, request.actor, requesting ? undefined : groupNotFound(request.groupId));
    let streamOptions = options;
    if (requesting) {
      // If-Match addresses the cluster the group is requested in; the new group has no revision yet.
      requireClusterRevision(cluster, options.expectedRevision);
      streamOptions = { ...options, expectedRevision: undefined };
    }
    // Done now, or recorded after the fact: then judged on the cluster of that day.
    const member = 'memberId' in request ? request.memberId : undefined;
    const timed = await actInTime(this.store, request, cluster.state, streamOptions, member);
    const command = { ...timed.command, cluster: groupClusterFacts(timed.cluster), ...(await this.citedResolution(request, clusterId)) } as GroupCommand;
    return executeOnStream(this.store, groupDecider, parseGroupEvent, groupStreamId(request.groupId), command, timed.options);
  }

  /** A request by council resolution gets the closed vote's facts, read from its meeting's stream. */
  private async citedResolution(request: GroupCommandRequest, clusterId: string) {
    if (request.type !== 'RequestGroup' || request.requestedBy.kind !== 'council_resolution') return {};
    const { meetingId, voteId } = request.requestedBy.resolution;
    const meeting = (await loadMeeting(this.store, meetingId)).state;
    // A vote of another cluster's meeting is, for this cluster, no vote at all.
    return meeting.clusterId === clusterId ? { resolution: resolutionFacts(meeting, voteId) } : {};
  }
}
