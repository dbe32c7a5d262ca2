import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { decimalStringSchema } from '../http/contracts';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { clusterStreamId, meetingStreamId, notFound, type MeetingState } from '@klaster/domain';
import { StreamNotFound, occurredAtOf, type EventStore, type RecordedEvent } from '@klaster/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
import { isRecordedAfterTheFact } from '../command-handling/load-stream';
import { ReadModels } from '../projections/read-models.service';
import { readableClusterDoc } from '../projections/read-query';
import { meetingNotFound } from '../meetings/meeting-access';

/**
 * An act recorded after the fact, as a reader sees it: both its times (when it occurred, when it was
 * recorded), who recorded it, the document it was entered from, and what it concerns.
 */
export const recordedActSchema = z
  .object({
    streamId: z.string(),
    position: decimalStringSchema,
    revision: decimalStringSchema,
    type: z.string().describe('The event type, e.g. MeetingOpened'),
    occurredAt: z.string().describe('When the act happened (ISO instant)'),
    recordedAt: z.string().describe('When it was entered into Klaster'),
    recordedBy: z.string().describe('The person who entered it (coordinator or registrar)'),
    reference: z.string().nullable().describe('The document it was entered from, e.g. "protokół nr 3/2016"'),
    meetingId: z.string().nullable().describe('What the act names, when it does'),
    voteId: z.string().nullable(),
    memberId: z.string().nullable(),
  })
  .meta({ id: 'RecordedAct' });
export type RecordedAct = z.output<typeof recordedActSchema>;

export const recordedActsExample: RecordedAct[] = [
  {
    streamId: 'meeting-wm-kes.wz-2016',
    position: '412',
    revision: '3',
    type: 'MeetingOpened',
    occurredAt: '2016-03-12T09:00:00.000Z',
    recordedAt: '2026-12-01T10:15:00.000Z',
    recordedBy: 'p-anna',
    reference: 'protokół nr 1/2016',
    meetingId: 'wm-kes.wz-2016',
    voteId: null,
    memberId: null,
  },
];

/** The act an event records, if it was recorded after the fact (else undefined: an act done in Klaster). */
export function recordedAct(event: RecordedEvent): RecordedAct | undefined {
  if (!isRecordedAfterTheFact(event)) return undefined;
  const data = (event.data ?? {}) as { meetingId?: unknown; voteId?: unknown; memberId?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const meetingId = text(data.meetingId) ?? (event.streamId.startsWith('meeting-') ? event.streamId.slice('meeting-'.length) : null);
  return {
    streamId: event.streamId,
    position: event.position.toString(),
    revision: event.revision.toString(),
    type: event.type,
    occurredAt: occurredAtOf(event),
    recordedAt: event.metadata.recordedAt,
    recordedBy: event.metadata.actor,
    reference: event.metadata.reference ?? null,
    meetingId,
    voteId: text(data.voteId),
    memberId: text(data.memberId),
  };
}

/** The acts recorded after the fact on a cluster's own record and its meetings' (register entries are their closings). */
export class GetClusterRecordedActsQuery {
  constructor(
    readonly clusterId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

/** The acts recorded after the fact on one meeting's record. */
export class GetMeetingRecordedActsQuery {
  constructor(
    readonly meetingId: string,
    readonly personId: string,
    readonly position?: bigint,
  ) {}
}

/**
 * Read from the log, not a read model: the times and references are the events' metadata, which the
 * read models (each aggregate's fold) do not keep. A cluster's streams are read whole, in stream order.
 */
abstract class RecordedActsReader {
  constructor(
    protected readonly models: ReadModels,
    protected readonly store: EventStore,
  ) {}

  protected async actsOf(streamIds: string[]): Promise<RecordedAct[]> {
    const acts: RecordedAct[] = [];
    for (const streamId of streamIds) {
      try {
        for await (const event of this.store.readStream(streamId)) {
          const act = recordedAct(event);
          if (act) acts.push(act);
        }
      } catch (error) {
        if (!(error instanceof StreamNotFound)) throw error;
      }
    }
    return acts.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0));
  }
}

@QueryHandler(GetClusterRecordedActsQuery)
export class GetClusterRecordedActsHandler extends RecordedActsReader implements IQueryHandler<GetClusterRecordedActsQuery> {
  constructor(models: ReadModels, @Inject(EVENT_STORE) store: EventStore) {
    super(models, store);
  }

  async execute({ clusterId, personId, position }: GetClusterRecordedActsQuery): Promise<RecordedAct[]> {
    await this.models.reached(position);
    readableClusterDoc(this.models, clusterId, personId);
    const meetings = this.models.byCluster<MeetingState>('meetings', clusterId).map((d) => meetingStreamId(d.state.meetingId));
    return this.actsOf([clusterStreamId(clusterId), ...meetings]);
  }
}

@QueryHandler(GetMeetingRecordedActsQuery)
export class GetMeetingRecordedActsHandler extends RecordedActsReader implements IQueryHandler<GetMeetingRecordedActsQuery> {
  constructor(models: ReadModels, @Inject(EVENT_STORE) store: EventStore) {
    super(models, store);
  }

  async execute({ meetingId, personId, position }: GetMeetingRecordedActsQuery): Promise<RecordedAct[]> {
    await this.models.reached(position);
    const missing = meetingNotFound(meetingId);
    const doc = this.models.doc<MeetingState>('meetings', meetingId);
    if (!doc || !doc.state.exists) throw notFound(missing);
    readableClusterDoc(this.models, doc.state.clusterId, personId, missing);
    return this.actsOf([meetingStreamId(meetingId)]);
  }
}
