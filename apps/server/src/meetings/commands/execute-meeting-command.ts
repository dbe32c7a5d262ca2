import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  meetingClusterFacts,
  meetingDecider,
  meetingStreamId,
  notFound,
  parseMeetingEvent,
  type MeetingCommand,
  type MeetingState,
} from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { executeOnStream, type CommandOutcome, type ExecuteOptions } from '../../command-handling/execute-on-stream';
import { groupMemberIds, loadMeeting, readableCluster } from '../../command-handling/load-aggregates';
import type { DistributiveOmit } from '../../http/distributive-omit';
import { BallotBox } from '../ballot-box/ballot-box';
import { assignResolutionNumber } from './assign-resolution-number';

/** A meeting command as the HTTP layer builds it; the handler adds the facts from other streams. */
export type MeetingRequest = DistributiveOmit<MeetingCommand, 'cluster' | 'groupMemberIds' | 'sealedChoice' | 'resolution' | 'unsealed'>;

export class ExecuteMeetingCommand {
  constructor(
    readonly request: MeetingRequest,
    readonly options: ExecuteOptions,
  ) {}
}

const voteKey = (meetingId: string, voteId: string) => `${meetingId}/${voteId}`;

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ballotBox: BallotBox,
  ) {}

  async execute({ request, options }: ExecuteMeetingCommand): Promise<CommandOutcome> {
    const loaded = await loadMeeting(this.store, request.meetingId);
    const meeting = loaded.state;
    if (!meeting.exists && request.type !== 'ConveneMeeting') throw notFound(`Meeting '${request.meetingId}' does not exist`);
    const clusterId = request.type === 'ConveneMeeting' ? request.clusterId : meeting.clusterId;
    const cluster = await readableCluster(this.store, clusterId, request.actor);
    const kind = request.type === 'ConveneMeeting' ? request.kind : meeting.kind;
    const groupId = request.type === 'ConveneMeeting' ? request.groupId : meeting.groupId;
    const command = {
      ...request,
      cluster: meetingClusterFacts(cluster),
      ...(kind === 'working_group' && groupId ? { groupMemberIds: await groupMemberIds(this.store, groupId) } : {}),
      ...(await this.secrecyAndNumbering(request, meeting)),
    } as MeetingCommand;
    const commutative = request.type === 'CastBallot' || request.type === 'CorrectBallot';
    // A ballot is decided on the meeting as loaded above (nothing awaited since can commit on the
    // embedded store: only the cluster was read); other commands re-read it, as a retry does.
    const outcome = await executeOnStream(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(request.meetingId), command, { ...options, commutative }, commutative ? loaded : undefined);
    if (request.type === 'CloseVote' && meeting.votes[request.voteId]?.secrecy === 'secret') {
      this.ballotBox.destroy(voteKey(request.meetingId, request.voteId));
    }
    return outcome;
  }

  /** Seals secret ballots; gives a closing vote its resolution number and its opened ballots. */
  private async secrecyAndNumbering(request: MeetingRequest, meeting: MeetingState) {
    if (request.type !== 'CastBallot' && request.type !== 'CorrectBallot' && request.type !== 'CloseVote') return {};
    const vote = meeting.votes[request.voteId];
    if (!vote) return {}; // the decider answers 404
    const key = voteKey(request.meetingId, request.voteId);
    if (request.type !== 'CloseVote') {
      return vote.secrecy === 'secret' ? { sealedChoice: this.ballotBox.seal(key, request.memberId, request.choice) } : {};
    }
    if (vote.status !== 'open') return {};
    const unsealed =
      vote.secrecy === 'secret'
        ? this.ballotBox.unseal(key, Object.values(vote.ballots).map((b) => ({ memberId: b.memberId, sealedChoice: b.sealedChoice! })))
        : undefined;
    return { resolution: await assignResolutionNumber(this.store, meeting, request.voteId, request.at), ...(unsealed ? { unsealed } : {}) };
  }
}
