import { Body, Controller, Headers, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import type { CommandHeaders } from '../http/command-headers';
import { ImportRunner, type ImportReport } from './import-runner';

export const importQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: check the whole file against the domain and report, writing nothing'),
});
const fileBody = z.string({ error: 'Send the file as the body, Content-Type: application/x-ndjson' }).max(Number.MAX_SAFE_INTEGER);

/**
 * `POST /api/imports`: a file of past acts (JSON Lines, `Content-Type: application/x-ndjson`), entered
 * as the caller — the coordinator or a registrar of the clusters it touches (each act is judged as its
 * own endpoint would judge the caller). The answer is the import's report; a refused file answers with
 * the status of the act refused (or 400 for a line that is not an act), its `code`, and the line.
 */
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportRunner) {}

  @Post()
  async import(@PersonId() actor: string, @Query(new ZodBody(importQuerySchema)) q: z.infer<typeof importQuerySchema>, @Body(new ZodBody(fileBody)) file: string, @Headers() h: CommandHeaders, @Res({ passthrough: true }) res: Response): Promise<ImportReport | ImportRefusalBody> {
    const report = await this.imports.run(file, { actor, dryRun: q.dryRun === 'true', correlationId: h['x-correlation-id'] });
    if (report.refused) {
      res.status(report.refused.status);
      const { status, ...refused } = report.refused;
      return { statusCode: status, error: refused.code, ...refused, report };
    }
    // The answer is a report either way (what was, or would be, recorded): 200.
    res.status(200);
    return report;
  }
}

/** An error body (statusCode, code, message; issues for a line that is not an act) with the line and the report. */
export type ImportRefusalBody = Omit<NonNullable<ImportReport['refused']>, 'status'> & { statusCode: number; error: string; report: ImportReport };
