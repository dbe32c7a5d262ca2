import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEFAULT_TIME_ZONE, clusterDecider, clusterStreamId, dayIn, instantOf, parseClusterEvent, qualifiedId, resolutionFacts, ruleBroken, type ClusterCommand } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { loadCluster, loadMeeting, readableCluster } from '../../command-handling/load-aggregates';
import { actInTime, occurredInstant } from '../../command-handling/act-in-time';

/**
 * A cluster founded on a past day was founded then: its founding (by the coordinator-to-be, who records
 * it) occurred on `foundedOn` at noon in its zone, unless `occurredAt` says more precisely when.
 */
function founding(command: Extract<ClusterCommand, { type: 'FoundCluster' }>, options: ExecuteOptions) {
  const { foundedOn } = command;
  const timeZone = command.timeZone ?? DEFAULT_TIME_ZONE;
  const given = options.occurrence?.occurredAt;
  const at = given ? occurredInstant(given, timeZone) : foundedOn < dayIn(command.at, timeZone) ? instantOf(foundedOn, '12:00', timeZone) : command.at;
  if (Date.parse(at) > Date.parse(command.at) + 60_000) throw ruleBroken(`An act cannot be dated in the future (${given})`, 'date_in_future');
  if (dayIn(at, timeZone) < foundedOn) throw ruleBroken(`The founding cannot occur (${dayIn(at, timeZone)}) before the day the cluster was founded (${foundedOn})`, 'date_before_founding');
  return { command: { ...command, at }, options };
}

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
    const timed = command.type === 'FoundCluster' ? founding(command, options) : await this.inTime(command, options);
    const withFacts = { ...timed.command, ...(await this.resolutionFacts(command)) } as ClusterCommand;
    return executeOnStream(this.store, clusterDecider, parseClusterEvent, clusterStreamId(command.clusterId), withFacts, timed.options);
  }

  /** Done now, or recorded after the fact (by whom, then) — see actInTime. */
  private async inTime(command: ClusterCommand, options: ExecuteOptions) {
    // Accepting an invitation is how a person comes to read the cluster: the token is their right.
    const { state } =
      command.type === 'AcceptInvitation' ? await loadCluster(this.store, command.clusterId) : await readableCluster(this.store, command.clusterId, command.actor);
    return actInTime(this.store, command, state, options, 'memberId' in command ? command.memberId : undefined);
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
