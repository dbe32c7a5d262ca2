import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { clusterIdSchema, notFound, ruleBroken } from '@klaster/domain';
import type { EventStore } from '@klaster/event-store';
import { NoSuchEvent, buildInclusionProof, eventToJson, latestSeal, prepareExport, readTrail, type ExportFormat, type RecordedSeal } from '@klaster/audit';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { EVENT_STORE } from '../event-store/event-store.module';
import { httpError } from '../http/error-codes';
import { RateLimits } from '../abuse/rate-limits';
import { AuditAccess } from './audit-access';
import { PeopleAsSeen } from './people-as-seen';
import { SealKeeper } from './seal-keeper';
import { VerificationJobs } from './verification-jobs';
import { proofQuerySchema, trailFilters, trailFiltersSchema, trailQuerySchema, type TrailFiltersQuery } from './audit-queries';
import type { z } from 'zod';

const clusterId = new ZodBody(clusterIdSchema);

export const sealView = (s: RecordedSeal) => ({ ...s.seal, eventId: s.event.id, position: s.event.position.toString(), revision: s.event.revision.toString(), hash: s.event.metadata.hash });

/**
 * The auditors' tools of a cluster — its auditors, coordinator and registrars: the trail of every act,
 * its exports, seals, inclusion proofs and a verification of the record with its progress. Each
 * reads the log itself (not the read models), one reading per person at a time.
 */
@Controller('api/clusters/:clusterId/audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: AuditAccess,
    private readonly people: PeopleAsSeen,
    private readonly seals: SealKeeper,
    private readonly verifications: VerificationJobs,
    private readonly limits: RateLimits,
  ) {}

  /** `GET …/audit/trail?after=&limit=&aggregate=&type=&actor=&occurredFrom=&occurredTo=&recordedFrom=&recordedTo=&correlationId=` */
  @Get('trail')
  async trail(@Param('clusterId', clusterId) id: string, @PersonId() personId: string, @Query(new ZodBody(trailQuerySchema)) q: z.output<typeof trailQuerySchema>, @Res({ passthrough: true }) res: Response) {
    const cluster = this.access.auditor(id, personId);
    return this.oneReading(personId, res, async () =>
      readTrail(this.store, id, { after: q.after === undefined ? undefined : BigInt(q.after), limit: q.limit, filters: trailFilters(q, cluster.timeZone), people: await this.people.forCluster(id) }),
    );
  }

  /** `GET …/audit/export.jsonl` or `…/export.csv`, with the trail's filters: streamed, ending with the seal that covers it. */
  @Get('export.:format')
  async export(
    @Param('clusterId', clusterId) id: string,
    @Param('format') format: string,
    @PersonId() personId: string,
    @Query(new ZodBody(trailFiltersSchema)) q: TrailFiltersQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (format !== 'jsonl' && format !== 'csv') throw notFound(`No export format ${format}: jsonl or csv`);
    const cluster = this.access.auditor(id, personId);
    const slot = await this.slot(personId, res);
    try {
      const prepared = await prepareExport(this.store, id, {
        filters: trailFilters(q, cluster.timeZone),
        people: await this.people.forCluster(id),
        sealing: { key: this.seals.key, correlationId: req.header('x-correlation-id') ?? undefined },
      });
      if (!prepared) throw notFound(`Cluster ${id} has no record to export`);
      const day = new Date().toISOString().slice(0, 10);
      res.status(200);
      res.setHeader('Content-Type', format === 'jsonl' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="klaster-${id}-${day}.${format}"`);
      res.setHeader('X-Klaster-Seal', `${prepared.seal.seal.sequence}; root=${prepared.seal.seal.root}; position=${prepared.seal.event.position}`);
      await pipeline(prepared.stream(format as ExportFormat), res).catch((error: unknown) => {
        // Headers are gone: the client sees a cut stream, which verifies as cut short.
        res.destroy(error as Error);
      });
    } finally {
      slot();
    }
  }

  @Get('seals/latest')
  async latest(@Param('clusterId', clusterId) id: string, @PersonId() personId: string) {
    this.access.auditor(id, personId);
    const seal = await latestSeal(this.store, id);
    if (!seal) throw notFound(`Cluster ${id} has not been sealed yet`, 'no_seal');
    return { ...sealView(seal), publicKey: this.seals.key?.publicKeyPem ?? null };
  }

  /** Seals the cluster now (201), or answers the latest seal when it already covers every act (200). */
  @Post('seals')
  @HttpCode(200)
  async seal(@Param('clusterId', clusterId) id: string, @PersonId() personId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.access.auditor(id, personId);
    const { latest, created } = await this.seals.seal(id, req.header('x-correlation-id') ?? undefined);
    if (!latest) throw notFound(`Cluster ${id} has no record to seal`);
    if (created) res.status(201);
    return { created, seal: sealView(latest) };
  }

  /** `GET …/audit/proof?stream=resolutions-wm-kes&revision=3`: the event's inclusion proof, checked offline by `audit check-proof`. */
  @Get('proof')
  async proof(@Param('clusterId', clusterId) id: string, @PersonId() personId: string, @Query(new ZodBody(proofQuerySchema)) q: z.output<typeof proofQuerySchema>, @Res({ passthrough: true }) res: Response) {
    this.access.auditor(id, personId);
    if (q.stream === `seals-${id}`) throw ruleBroken('A seal is checked by its signature and the seal after it, not by a proof', 'seal_has_no_proof');
    return this.oneReading(personId, res, async () => {
      try {
        return await buildInclusionProof(this.store, id, q.stream, BigInt(q.revision), { key: this.seals.key });
      } catch (error) {
        if (error instanceof NoSuchEvent) throw notFound(error.message);
        throw error;
      }
    });
  }

  /** Starts a verification of the cluster's record (202), or answers the one under way. */
  @Post('verification')
  @HttpCode(202)
  startVerification(@Param('clusterId', clusterId) id: string, @PersonId() personId: string) {
    this.access.auditor(id, personId);
    return this.verifications.start(id).job;
  }

  @Get('verification')
  verification(@Param('clusterId', clusterId) id: string, @PersonId() personId: string) {
    this.access.auditor(id, personId);
    const job = this.verifications.get(id);
    if (!job) throw notFound(`No verification of ${id} has been run by this server yet: POST to start one`, 'no_verification');
    return job;
  }

  private async slot(personId: string, res: Response): Promise<() => void> {
    const allowed = await this.limits.startReplay(personId);
    if (!allowed.ok) {
      res.setHeader('Retry-After', String(allowed.retryAfterSeconds));
      throw httpError(429, 'rate_limited', allowed.message);
    }
    return allowed.release!;
  }

  private async oneReading<T>(personId: string, res: Response, read: () => Promise<T>): Promise<T> {
    const release = await this.slot(personId, res);
    try {
      return await read();
    } finally {
      release();
    }
  }
}

export { eventToJson };
