import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { electionDecider, electionMeetingFacts, electionStreamId, meetingClusterFacts, notFound, parseElectionEvent, qualifiedId, type ClientElectionCommand, type ElectionCommand } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { loadMeeting, readableCluster, requireClusterRevision } from '../../command-handling/load-aggregates';
import { actInTime } from '../../command-handling/act-in-time';
import type { DistributiveOmit } from '../../http/distributive-omit';
import { CommandConsequences } from '../../reactors/command-consequences';
import { electionNotFound, loadElection } from '../election-access';

/** An election command as the controller builds it; the handler adds the facts about the cluster and the meeting. */
export type ElectionRequest = DistributiveOmit<ClientElectionCommand, 'cluster' | 'meeting'>;

/** Any election command travels the CommandBus in this envelope; the decider tells the kinds apart. */
export class ExecuteElectionCommand {
  constructor(
    readonly request: ElectionRequest,
    readonly options: ExecuteOptions,
  ) {}
}

/**
 * Reads the cluster and the meeting that holds the election, and decides on the election stream alone.
 * When a round elects a leader, the reactor installs them in the cluster; the answer waits for it.
 */
@CommandHandler(ExecuteElectionCommand)
export class ElectionCommandHandler implements ICommandHandler<ExecuteElectionCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consequences: CommandConsequences,
  ) {}

  async execute({ request: given, options }: ExecuteElectionCommand): Promise<CommandOutcome> {
    // An election is called with ids inside its cluster: `wybory` in cluster `kl` is `kl.wybory`.
    const request: ElectionRequest =
      given.type === 'CallElection' ? { ...given, electionId: qualifiedId(given.clusterId, given.electionId), meetingId: qualifiedId(given.clusterId, given.meetingId) } : given;
    // An election's cluster and meeting never change, so reading them ahead of the decision is safe.
    const election = (await loadElection(this.store, request.electionId)).state;
    if (!election.exists && request.type !== 'CallElection') throw notFound(electionNotFound(request.electionId));
    const calling = request.type === 'CallElection';
    const cluster = calling
      ? await readableCluster(this.store, request.clusterId, request.actor)
      : await readableCluster(this.store, election.clusterId, request.actor, electionNotFound(request.electionId));
    let streamOptions = options;
    if (calling) {
      requireClusterRevision(cluster, options.expectedRevision);
      streamOptions = { ...options, expectedRevision: undefined };
    }
    const meetingId = calling ? request.meetingId : election.meetingId;
    const meeting = (await loadMeeting(this.store, meetingId)).state;
    if (!meeting.exists || meeting.clusterId !== cluster.state.clusterId) throw notFound(`Meeting '${meetingId}' is not a meeting of this cluster`, 'meeting_not_found');
    // Done now, or recorded after the fact: then judged on the cluster of that day.
    const timed = await actInTime(this.store, request, cluster.state, streamOptions, 'memberId' in request ? request.memberId : undefined);
    const command = { ...timed.command, cluster: meetingClusterFacts(timed.cluster), meeting: electionMeetingFacts(meeting) } as ElectionCommand;
    const outcome = await executeOnStream(this.store, electionDecider, parseElectionEvent, electionStreamId(request.electionId), command, timed.options);
    return this.consequences.followed(outcome);
  }
}
