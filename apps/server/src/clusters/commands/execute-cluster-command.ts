import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clusterDecider, clusterStreamId, parseClusterEvent, type ClusterCommand } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';

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

  execute({ command, options }: ExecuteClusterCommand): Promise<CommandOutcome> {
    return executeOnStream(this.store, clusterDecider, parseClusterEvent, clusterStreamId(command.clusterId), command, options);
  }
}
