import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  conflict,
  groupMemberIds,
  meetingClusterFacts,
  meetingDecider,
  meetingStreamId,
  notFound,
  parseMeetingEvent,
  qualifiedId,
  type ClientMeetingCommand,
  type MeetingState,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { loadGroup, loadMeeting, readableCluster, requireClusterRevision } from '../../command-handling/load-aggregates';
import { actInTime } from '../../command-handling/act-in-time';
import type { DistributiveOmit } from '../../http/distributive-omit';
import { CommandConsequences } from '../../reactors/command-consequences';
import { BallotBox } from '../ballot-box/ballot-box';
import { meetingNotFound } from '../meeting-access';

/** A meeting command as the HTTP layer builds it; the handler adds the facts from other streams. */
export type MeetingRequest = DistributiveOmit<ClientMeetingCommand, 'cluster' | 'groupMemberIds' | 'sealedChoice' | 'unsealed'>;

export class ExecuteMeetingCommand {
  constructor(
    readonly request: MeetingRequest,
    readonly options: ExecuteOptions,
  ) {}
}

const groupNotInCluster = (groupId: string) => `Group '${groupId}' does not exist in this cluster`;
const voteKey = (meetingId: string, voteId: string) => `${meetingId}/${voteId}`;

/**
 * Ids given inside a cluster are the cluster's: meeting `rada-1` convened in cluster `kl` is
 * `kl.rada-1`, and so is the group a working-group meeting or a group-creation vote names.
 */
function qualified(request: MeetingRequest, clusterId: string): MeetingRequest {
  if (request.type === 'ConveneMeeting') {
    return { ...request, meetingId: qualifiedId(clusterId, request.meetingId), ...(request.groupId ? { groupId: qualifiedId(clusterId, request.groupId) } : {}) };
  }
  if (request.type === 'OpenVote' && request.subject?.kind === 'group_creation') {
    return { ...request, subject: { ...request.subject, groupId: qualifiedId(clusterId, request.subject.groupId) } };
  }
  return request;
}

/** The member an act is about, whose representative did it when it is recorded after the fact without saying who. */
function memberNamedBy(request: MeetingRequest): string | undefined {
  if ('memberId' in request) return request.memberId;
  if ('holderMemberId' in request) return request.holderMemberId;
  return undefined;
}

/**
 * Reads the cluster (and, for a working-group meeting, the group), then decides on the meeting stream
 * alone. A closed vote's number follows from the log (the reactor); the answer waits for it.
 */
@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ballotBox: BallotBox,
    private readonly consequences: CommandConsequences,
  ) {}

  async execute({ request: given, options }: ExecuteMeetingCommand): Promise<CommandOutcome> {
    const convening = given.type === 'ConveneMeeting';
    const meetingId = convening ? qualifiedId(given.clusterId, given.meetingId) : given.meetingId;
    const meeting = (await loadMeeting(this.store, meetingId)).state;
    if (!meeting.exists && !convening) throw notFound(meetingNotFound(given.meetingId));
    const clusterId = convening ? given.clusterId : meeting.clusterId;
    const request = qualified(given, clusterId);
    const cluster = await readableCluster(this.store, clusterId, request.actor, convening ? undefined : meetingNotFound(request.meetingId));
    let streamOptions = options;
    if (convening) {
      // If-Match addresses the cluster the meeting is convened in; the new meeting has no revision yet.
      requireClusterRevision(cluster, options.expectedRevision);
      streamOptions = { ...options, expectedRevision: undefined };
    }
    // Done now, or recorded after the fact: then judged on the cluster of that day.
    const timed = await actInTime(this.store, request, cluster.state, streamOptions, memberNamedBy(request));
    const kind = request.type === 'ConveneMeeting' ? request.kind : meeting.kind;
    const groupId = request.type === 'ConveneMeeting' ? request.groupId : meeting.groupId;
    const facts = {
      cluster: meetingClusterFacts(timed.cluster),
      ...(kind === 'working_group' && groupId ? { groupMemberIds: await this.groupOfCluster(groupId, clusterId) } : {}),
    };
    const key = await this.secretVoteKey(request, meeting);
    const outcome = await executeOnStream(
      this.store,
      meetingDecider,
      parseMeetingEvent,
      meetingStreamId(request.meetingId),
      // Built on the very state it is decided on: a ballot is sealed only while its vote is open, and
      // a secret close opens exactly the ballots it counts.
      (state: MeetingState) => ({ ...timed.command, ...facts, ...this.secrecy(request, state, key) }) as ClientMeetingCommand,
      timed.options,
    );
    if (request.type === 'CloseVote' && outcome.events.length > 0 && meeting.votes[request.voteId]?.secrecy === 'secret') {
      await this.ballotBox.destroy(voteKey(request.meetingId, request.voteId));
    }
    return this.consequences.followed(outcome);
  }

  /**
   * The key a secret ballot is sealed with, or a secret close opens the ballots with — fetched before
   * the command is decided (the key store is shared by every instance, and asynchronous). Only for a
   * secret vote open as this server last read it: no key is ever made for anything else.
   */
  private async secretVoteKey(request: MeetingRequest, meeting: MeetingState): Promise<Buffer | undefined> {
    if (request.type !== 'CastBallot' && request.type !== 'CorrectBallot' && request.type !== 'CloseVote') return undefined;
    const vote = meeting.votes[request.voteId];
    if (!vote || vote.secrecy !== 'secret' || vote.status !== 'open') return undefined;
    const key = voteKey(request.meetingId, request.voteId);
    return request.type === 'CloseVote' ? this.ballotBox.keyForCount(key) : this.ballotBox.keyForBallot(key);
  }

  /** The members of a working group of this cluster; any other group id is no group at all here. */
  private async groupOfCluster(groupId: string, clusterId: string): Promise<string[]> {
    const group = (await loadGroup(this.store, groupId)).state;
    if (!group.clusterId || group.clusterId !== clusterId) throw notFound(groupNotInCluster(groupId), 'group_not_found');
    return groupMemberIds(group);
  }

  /** Seals a secret ballot cast on an open vote; opens a secret vote's ballots as it closes. */
  private secrecy(request: MeetingRequest, state: MeetingState, key: Buffer | undefined) {
    if (request.type !== 'CastBallot' && request.type !== 'CorrectBallot' && request.type !== 'CloseVote') return {};
    const vote = state.votes[request.voteId];
    // A vote that does not exist, is named, or is closed needs nothing sealed or opened.
    if (!vote || vote.secrecy !== 'secret' || vote.status !== 'open') return {};
    const name = voteKey(request.meetingId, request.voteId);
    if (request.type === 'CloseVote') {
      return { unsealed: this.ballotBox.unseal(key, name, [...vote.ballots.values()].map((b) => ({ memberId: b.memberId, sealedChoice: b.sealedChoice! }))) };
    }
    // The vote opened (or its key was destroyed by a close) between the read above and this decision.
    if (!key) throw conflict(`Vote ${request.voteId} changed while your ballot was on its way; send it again`, 'busy');
    return { sealedChoice: this.ballotBox.seal(key, name, request.memberId, request.choice) };
  }
}
