import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clusterDecider, clusterStreamId, parseClusterEvent, qualifiedId, resolutionFacts, type ClusterCommand } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { loadMeeting, readableCluster } from '../../command-handling/load-aggregates';

/** Any cluster command travels the CommandBus in this envelope; the decider tells the kinds apart. */
export class ExecuteClusterCommand {
  constructor(
    readonly command: ClusterCommand,
    readonly options: ExecuteOptions,
  ) {}
}

@CommandHandler(ExecuteClusterCommand)
export class ClusterCommandHandler implements ICommandHandler<ExecuteClusterCommand, CommandOutcome> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ command: given, options }: ExecuteClusterCommand): Promise<CommandOutcome> {
    // A resolution is cited by its meeting's id inside the cluster: `ozc-2024` in `kl` is `kl.ozc-2024`.
    const command = ('meetingId' in given ? { ...given, meetingId: qualifiedId(given.clusterId, given.meetingId) } : given) as ClusterCommand;
    // Only the founding addresses a cluster its actor may not read yet; anyone else who may not read it
    // gets the same 404 whether it exists or not (never a 403 naming its members).
    // Accepting an invitation is how a person comes to read the cluster: the token is their right.
    if (command.type !== 'FoundCluster' && command.type !== 'AcceptInvitation') await readableCluster(this.store, command.clusterId, command.actor);
    const withFacts = { ...command, ...(await this.resolutionFacts(command)) } as ClusterCommand;
    return executeOnStream(this.store, clusterDecider, parseClusterEvent, clusterStreamId(command.clusterId), withFacts, options);
  }

  /** An act that rests on a resolution gets the closed vote's facts, read from its meeting's stream. */
  private async resolutionFacts(command: ClusterCommand) {
    if (!('meetingId' in command) || !('voteId' in command)) return {};
    const meeting = (await loadMeeting(this.store, command.meetingId)).state;
    // A vote of another cluster's meeting is, for this cluster, no vote at all.
    if (meeting.clusterId !== command.clusterId) return {};
    return { resolution: resolutionFacts(meeting, command.voteId) };
  }
}
