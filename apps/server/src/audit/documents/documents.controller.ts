import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { clusterIdSchema, idSchema, notFound, qualifiedId } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { NoSuchDocument, agreementPdf, minutesPdf, registerPdf, type DocumentOptions } from '@klaster/audit';
import { PersonId } from '../../auth/auth.guard';
import { ZodBody } from '../../http/zod-body.pipe';
import { EVENT_STORE } from '../../event-store/event-store.module';
import { httpError } from '../../http/error-codes';
import { RateLimits } from '../../abuse/rate-limits';
import { AuditAccess } from '../audit-access';
import { PeopleAsSeen } from '../people-as-seen';
import { SealKeeper } from '../seal-keeper';

export const languageSchema = z.object({ lang: z.enum(['pl', 'en']).default('pl').describe('The document’s language') });
export const yearSchema = z.coerce.number().int().min(1990).max(2200);
export const versionSchema = z.coerce.number().int().min(1).max(100_000);
export const bodySchema = z.string().regex(/^(council|general_meeting|forum|group:[A-Za-z0-9][A-Za-z0-9_.:-]{0,160})$/, 'council, general_meeting, forum or group:<groupId>');

/**
 * PDF documents drawn from the sealed record — a meeting's minutes, a year's register of a body's
 * resolutions, the agreement's consolidated text at a version with its signatures — each saying on
 * every page which seal (root, position) it was drawn from. For whoever may read the cluster.
 */
@Controller('api/clusters/:clusterId/documents')
export class DocumentsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: AuditAccess,
    private readonly people: PeopleAsSeen,
    private readonly seals: SealKeeper,
    private readonly limits: RateLimits,
  ) {}

  @Get('meetings/:meetingId/minutes')
  minutes(@Param('clusterId', new ZodBody(clusterIdSchema)) clusterId: string, @Param('meetingId', new ZodBody(idSchema)) meetingId: string, @PersonId() personId: string, @Query(new ZodBody(languageSchema)) q: z.output<typeof languageSchema>, @Res() res: Response) {
    const id = qualifiedId(clusterId, meetingId);
    return this.send(clusterId, personId, res, `minutes-${id}-${q.lang}.pdf`, (o) => minutesPdf(this.store, clusterId, id, { ...o, locale: q.lang }));
  }

  @Get('resolutions/:body/:year')
  register(
    @Param('clusterId', new ZodBody(clusterIdSchema)) clusterId: string,
    @Param('body', new ZodBody(bodySchema)) body: string,
    @Param('year', new ZodBody(yearSchema)) year: number,
    @PersonId() personId: string,
    @Query(new ZodBody(languageSchema)) q: z.output<typeof languageSchema>,
    @Res() res: Response,
  ) {
    const qualified = body.startsWith('group:') ? `group:${qualifiedId(clusterId, body.slice(6))}` : body;
    return this.send(clusterId, personId, res, `resolutions-${clusterId}-${body.replace(':', '-')}-${year}-${q.lang}.pdf`, (o) => registerPdf(this.store, clusterId, qualified, year, { ...o, locale: q.lang }));
  }

  @Get('agreement/:version')
  agreement(
    @Param('clusterId', new ZodBody(clusterIdSchema)) clusterId: string,
    @Param('version', new ZodBody(versionSchema)) version: number,
    @PersonId() personId: string,
    @Query(new ZodBody(languageSchema)) q: z.output<typeof languageSchema>,
    @Res() res: Response,
  ) {
    return this.send(clusterId, personId, res, `agreement-${clusterId}-v${version}-${q.lang}.pdf`, (o) => agreementPdf(this.store, clusterId, version, { ...o, locale: q.lang }));
  }

  /** Seals the cluster if its latest seal is behind, draws the document from that seal, and streams it. */
  private async send(clusterId: string, personId: string, res: Response, filename: string, draw: (options: Omit<DocumentOptions, 'locale'>) => Promise<Readable>) {
    this.access.reader(clusterId, personId);
    const allowed = await this.limits.startReplay(personId);
    if (!allowed.ok) {
      res.setHeader('Retry-After', String(allowed.retryAfterSeconds));
      throw httpError(429, 'rate_limited', allowed.message);
    }
    try {
      const { latest } = await this.seals.seal(clusterId);
      if (!latest) throw notFound(`Cluster ${clusterId} has no record`);
      let pdf: Readable;
      try {
        pdf = await draw({ seal: latest, people: await this.people.forCluster(clusterId) });
      } catch (error) {
        if (error instanceof NoSuchDocument) throw notFound(error.message);
        throw error;
      }
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      res.setHeader('X-Klaster-Seal', `${latest.seal.sequence}; root=${latest.seal.root}; position=${latest.seal.throughPosition}`);
      await pipeline(pdf, res).catch((error: unknown) => res.destroy(error as Error));
    } finally {
      allowed.release!();
    }
  }
}
