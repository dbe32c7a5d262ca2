import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  clusterStreamId,
  electionDecider,
  electionMeetingFacts,
  electionResultFacts,
  electionStreamId,
  meetingClusterFacts,
  notFound,
  parseElectionEvent,
  type ElectionCommand,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { loadMeeting, readableCluster } from '../../command-handling/load-aggregates';
import type { DistributiveOmit } from '../../http/distributive-omit';
import { ExecuteClusterCommand } from '../../clusters/commands/execute-cluster-command';
import { clusterOfElection, electionNotFound, loadElection } from '../election-access';

/** An election command as the controller builds it; the handler adds the facts about the cluster and the meeting. */
export type ElectionRequest = DistributiveOmit<ElectionCommand, 'cluster' | 'meeting'>;

/** Any election command travels the CommandBus in this envelope; the decider tells the kinds apart. */
export class ExecuteElectionCommand {
  constructor(
    readonly request: ElectionRequest,
    readonly options: ExecuteOptions,
  ) {}
}

/**
 * Reads the cluster and the meeting that holds the election, decides on the election stream alone,
 * and — when a round elects a leader — installs the leader in the cluster.
 */
@CommandHandler(ExecuteElectionCommand)
export class ElectionCommandHandler implements ICommandHandler<ExecuteElectionCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ request, options }: ExecuteElectionCommand): Promise<CommandOutcome> {
    // An election's cluster and meeting never change, so reading them ahead of the retry loop is safe.
    const election = (await loadElection(this.store, request.electionId)).state;
    if (!election.exists && request.type !== 'CallElection') throw notFound(electionNotFound(request.electionId));
    const cluster =
      request.type === 'CallElection'
        ? await readableCluster(this.store, request.clusterId, request.actor)
        : await clusterOfElection(this.store, election.clusterId, request.electionId, request.actor);
    const meetingId = request.type === 'CallElection' ? request.meetingId : election.meetingId;
    const meeting = (await loadMeeting(this.store, meetingId)).state;
    if (!meeting.exists || meeting.clusterId !== cluster.clusterId) throw notFound(`Meeting '${meetingId}' is not a meeting of this cluster`);

    // A close retried after the election was decided, when the hand-over did not happen (the server
    // stopped between the two writes), completes the hand-over before the decider refuses the close.
    if (request.type === 'CloseRound' && election.status === 'elected' && !(await this.handedOver(election.clusterId, request.electionId))) {
      await this.installLeader(request.electionId, request, options);
    }

    const command = { ...request, cluster: meetingClusterFacts(cluster), meeting: electionMeetingFacts(meeting) } as ElectionCommand;
    const outcome = await executeOnStream(this.store, electionDecider, parseElectionEvent, electionStreamId(request.electionId), command, options);
    if (outcome.events.some((e) => e.type === 'LeaderElected')) await this.installLeader(request.electionId, request, options);
    return outcome;
  }

  /**
   * Whether the cluster's coordination changed since the election was decided: then the hand-over
   * happened (or a later one did, which a stale retry must not undo).
   */
  private async handedOver(clusterId: string, electionId: string): Promise<boolean> {
    let decidedAt: bigint | undefined;
    for await (const e of this.store.readStream(electionStreamId(electionId))) if (e.type === 'LeaderElected') decidedAt = e.position;
    if (decidedAt === undefined) return true;
    for await (const e of this.store.readStream(clusterStreamId(clusterId))) {
      if (e.type === 'CoordinatorAppointed' && e.position > decidedAt) return true;
    }
    return false;
  }

  /** The elected member becomes the cluster's coordinator; the key makes a repeated hand-over write nothing new. */
  private async installLeader(electionId: string, request: ElectionRequest, options: ExecuteOptions): Promise<void> {
    const facts = electionResultFacts((await loadElection(this.store, electionId)).state);
    if (!facts.electedMemberId) return;
    await this.commands.execute(
      new ExecuteClusterCommand(
        { type: 'InstallElectedLeader', clusterId: facts.clusterId, electionId, memberId: facts.electedMemberId, actor: request.actor, at: request.at, election: facts },
        { actor: options.actor, correlationId: options.correlationId, idempotencyKey: `election:${electionId}` },
      ),
    );
  }
}
