import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound, parseResolutionRegisterEvent, resolutionRegisterDecider, resolutionRegisterStreamId } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { load } from '../../command-handling/execute-on-stream';
import { loadMeeting, readableCluster } from '../../command-handling/load-aggregates';
import { meetingView } from './meeting.view';

export class GetMeetingQuery {
  constructor(
    readonly meetingId: string,
    readonly personId: string,
  ) {}
}

export class GetResolutionRegisterQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
  ) {}
}

@QueryHandler(GetMeetingQuery)
export class GetMeetingHandler implements IQueryHandler<GetMeetingQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ meetingId, personId }: GetMeetingQuery) {
    const { state, revision } = await loadMeeting(this.store, meetingId);
    if (!state.exists) throw notFound(`Meeting '${meetingId}' does not exist`);
    await readableCluster(this.store, state.clusterId, personId);
    return meetingView(state, revision);
  }
}

/** The numbered resolutions of a cluster, per body and year. */
@QueryHandler(GetResolutionRegisterQuery)
export class GetResolutionRegisterHandler implements IQueryHandler<GetResolutionRegisterQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ clusterId, personId }: GetResolutionRegisterQuery) {
    await readableCluster(this.store, clusterId, personId);
    return (await load(this.store, resolutionRegisterDecider, parseResolutionRegisterEvent, resolutionRegisterStreamId(clusterId))).state;
  }
}
