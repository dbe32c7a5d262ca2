import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { idSchema } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { readQuerySchema, type ReadQuery } from '../projections/read-query';
import { GetComplianceQuery, GetInboxQuery, GetResolutionQuery } from './reads.queries';
import type { ComplianceView, InboxView, ResolutionView } from './reads.views';
import { GetClusterRecordedActsQuery, GetMeetingRecordedActsQuery, type RecordedAct } from './recorded-acts';

const id = new ZodBody(idSchema);

export const complianceQuerySchema = readQuerySchema.extend({
  year: z.coerce.number().int().min(1990).max(2200).optional().describe('The calendar year (default: the current one)'),
});

/** A resolution number in a path: `3-2024` for 3/2024. */
export const resolutionNumberSchema = z
  .string()
  .regex(/^[1-9]\d*-\d{4}$/, 'a resolution number as n-yyyy, e.g. 3-2024 for 3/2024')
  .transform((s) => s.replace('-', '/'));

/** Reads that combine read models: a cluster's compliance, one resolution with its regulations, a person's inbox. */
@Controller('api')
export class ReadsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('clusters/:clusterId/compliance')
  compliance(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(complianceQuerySchema)) q: z.output<typeof complianceQuerySchema>): Promise<ComplianceView> {
    const at = new Date().toISOString();
    return this.queries.execute(new GetComplianceQuery(clusterId, personId, q.year, at, q.position));
  }

  /** `GET /api/clusters/{id}/resolutions/council/3-2024`: resolution 3/2024 of the council. */
  @Get('clusters/:clusterId/resolutions/:body/:number')
  resolution(
    @Param('clusterId', id) clusterId: string,
    @Param('body', id) body: string,
    @Param('number', new ZodBody(resolutionNumberSchema)) number: string,
    @PersonId() personId: string,
    @Query(new ZodBody(readQuerySchema)) q: ReadQuery,
  ): Promise<ResolutionView> {
    return this.queries.execute(new GetResolutionQuery(clusterId, personId, body, number, q.position));
  }

  /** The acts recorded after the fact on the cluster's record and its meetings': when each occurred, when and by whom it was recorded, from which document. */
  @Get('clusters/:clusterId/recorded-acts')
  clusterRecordedActs(@Param('clusterId', id) clusterId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<RecordedAct[]> {
    return this.queries.execute(new GetClusterRecordedActsQuery(clusterId, personId, q.position));
  }

  @Get('meetings/:meetingId/recorded-acts')
  meetingRecordedActs(@Param('meetingId', id) meetingId: string, @PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<RecordedAct[]> {
    return this.queries.execute(new GetMeetingRecordedActsQuery(meetingId, personId, q.position));
  }

  @Get('me/inbox')
  inbox(@PersonId() personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<InboxView> {
    return this.queries.execute(new GetInboxQuery(personId, new Date().toISOString(), q.position));
  }
}
