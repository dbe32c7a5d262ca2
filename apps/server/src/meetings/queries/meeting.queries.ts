import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { meetingDecider, meetingStreamId, notFound, parseMeetingEvent, type MeetingState, type ResolutionRegisterState } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { ReadModels } from '../../projections/read-models.service';
import { loadAt, pointInTimeJson, readableClusterDoc, type ReadOptions } from '../../projections/read-query';
import { meetingSummary, meetingView, type MeetingSummary, type MeetingView, type RegisterEntry } from './meeting.view';
import { meetingNotFound } from '../meeting-access';

export class GetMeetingQuery {
  constructor(
    readonly meetingId: string,
    readonly personId: string,
    readonly options: ReadOptions = {},
  ) {}
}

export class GetResolutionRegisterQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

export class ListClusterMeetingsQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

/** A meeting from the meetings read model, or folded up to a point in time. */
@QueryHandler(GetMeetingQuery)
export class GetMeetingHandler implements IQueryHandler<GetMeetingQuery> {
  constructor(
    private readonly models: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ meetingId, personId, options }: GetMeetingQuery): Promise<MeetingView> {
    await this.models.reached(options.position);
    const doc = this.models.doc<MeetingState>('meetings', meetingId);
    if (!doc || !doc.state.exists) throw notFound(meetingNotFound(meetingId));
    const cluster = readableClusterDoc(this.models, doc.state.clusterId, personId, meetingNotFound(meetingId));
    if (!options.pointInTime) return meetingView(doc.state, doc.revision);
    const past = await loadAt(this.store, meetingDecider, parseMeetingEvent, meetingStreamId(meetingId), options.pointInTime, cluster.state.timeZone);
    if (!past.state.exists) throw notFound(`Meeting '${meetingId}' had not been convened by then`, 'not_convened_by_then');
    return { ...meetingView(past.state, past.revision), pointInTime: pointInTimeJson(options.pointInTime) };
  }
}

/** The numbered resolutions of a cluster, per body and year. */
@QueryHandler(GetResolutionRegisterQuery)
export class GetResolutionRegisterHandler implements IQueryHandler<GetResolutionRegisterQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ clusterId, personId, position }: GetResolutionRegisterQuery): Promise<RegisterEntry[]> {
    await this.models.reached(position);
    readableClusterDoc(this.models, clusterId, personId);
    return this.models.doc<ResolutionRegisterState>('resolutions', clusterId)?.state ?? [];
  }
}

/** The cluster's meetings (council, general, groups', forums), the latest first. */
@QueryHandler(ListClusterMeetingsQuery)
export class ListClusterMeetingsHandler implements IQueryHandler<ListClusterMeetingsQuery> {
  constructor(private readonly models: ReadModels) {}

  async execute({ clusterId, personId, position }: ListClusterMeetingsQuery): Promise<MeetingSummary[]> {
    await this.models.reached(position);
    readableClusterDoc(this.models, clusterId, personId);
    return this.models
      .byCluster<MeetingState>('meetings', clusterId)
      .filter((d) => d.state.exists)
      .sort((a, b) => b.state.scheduledFor.localeCompare(a.state.scheduledFor) || a.state.meetingId.localeCompare(b.state.meetingId))
      .map((d) => meetingSummary(d.state, d.revision));
  }
}
