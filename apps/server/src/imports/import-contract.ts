import { z } from 'zod';
import { errorBodySchema } from '../http/contracts';

/** The answers of POST /api/imports, as zod schemas: the OpenAPI document is made of them. */
const writtenSchema = z.object({ streamId: z.string(), events: z.array(z.string()) });

export const importedActSchema = z.object({
  line: z.number().int().describe('1-based line of the file'),
  type: z.string().describe('The command, as its endpoint’s operationId'),
  occurredAt: z.string().describe('When the act occurred, as the file gives it'),
  streamId: z.string(),
  events: z.array(z.string()),
  consequences: z.array(writtenSchema).describe("What Klaster writes in consequence (a closed vote's number, an elected leader)"),
});

const refusalSchema = z.object({
  line: z.number().int(),
  type: z.string().optional(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string().optional() })).optional(),
});

export const importReportSchema = z
  .object({
    dryRun: z.boolean(),
    acts: z.number().int().describe('Acts in the file'),
    alreadyRecorded: z.number().int().describe('Acts of the file already in the log (an earlier run): left as they are'),
    recorded: z.array(importedActSchema).describe('A dry run: the acts it would record, in order; a real run: those it recorded'),
    refused: refusalSchema.optional().describe('The first act refused (nothing written by a dry run, nothing after the acts listed by a real run)'),
    position: z.string().describe('The log position after the last act written ("0" when none was)'),
  })
  .meta({ id: 'ImportReport' });

export const importRefusalBodySchema = errorBodySchema
  .extend({
    line: z.number().int().optional().describe('The line refused (absent when the body itself could not be read)'),
    type: z.string().optional(),
    report: importReportSchema.optional().describe('What was decided up to the line refused'),
  })
  .meta({ id: 'ImportRefusal' });

const signLine = '{"type":"SignAgreement","params":{"clusterId":"wm-kes","memberId":"arka"},"body":{"textHash":"0919b15a5efe1ad34f276547db9d68f5e9d5fe072acb6db8712efd3874952d06","occurredAt":"2014-11-21","reference":"Porozumienie z 21.11.2014"}}';
export const importFileExample = `${signLine}\n`;

const act = { line: 1, type: 'SignAgreement', occurredAt: '2014-11-21', streamId: 'cluster-wm-kes', events: ['AgreementSigned'], consequences: [] };
export const importReportExample = { dryRun: true, acts: 1, alreadyRecorded: 0, recorded: [act], position: '0' };
export const importRefusalExample = {
  statusCode: 422,
  code: 'dated_before_previous_act',
  error: 'dated_before_previous_act',
  message: 'This act is dated 2016-06-30T09:45:00.000Z, before the act it follows on this record, dated 2016-06-30T09:50:00.000Z; enter a record’s past in the order it happened',
  line: 56,
  type: 'NominateCandidate',
  report: { dryRun: true, acts: 72, alreadyRecorded: 0, recorded: [act], position: '0' },
};
