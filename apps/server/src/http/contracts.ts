import { z } from 'zod';
import { isoDateSchema } from '@klaster/domain';

/*
 * The shapes every answer shares, as zod schemas: the server builds its answers to them (the view
 * functions are typed with them), the OpenAPI document is generated from them, and a test parses
 * real answers with them, so the three cannot drift apart.
 */

/** Revisions and positions are 64-bit: they cross JSON as decimal strings. */
export const decimalStringSchema = z.string().regex(/^\d+$/, 'a decimal string');

export const revisionSchema = decimalStringSchema
  .nullable()
  .describe('The revision of the stream this answer reflects (decimal string; also in the ETag); null for a past state (time travel): nothing to act on');

/** Which past state a time-travel answer shows: the end of a day in the cluster's zone, or a position. */
export const pointInTimeSchema = z
  .union([z.object({ asOf: isoDateSchema }), z.object({ atPosition: decimalStringSchema })])
  .describe('Present only on a time-travel answer (asOf or atPosition): the point it shows');

export const writtenBodySchema = z.object({
  id: z.string().describe("The id of the record written (a new meeting's id inside its cluster: `wm-kes.rada-1`)"),
  streamId: z.string(),
  revision: decimalStringSchema.describe('The stream revision after the command (decimal string); also in the ETag'),
  position: decimalStringSchema.describe('Global position of the last event written; pass it to queries (`?position=`) to read your own write'),
  events: z.array(z.string()).describe('Types of the events written, in order'),
});
export type WrittenBody = z.output<typeof writtenBodySchema>;

export const commandResponseSchema = writtenBodySchema
  .extend({
    consequences: z
      .array(writtenBodySchema)
      .optional()
      .describe("What Klaster wrote in consequence, on other streams (a closed vote's number in the register and on the meeting, an election's number, a new leader), breadth first"),
    consequencesPending: z.literal(true).optional().describe('The answer stopped waiting before every consequence was written; they follow all the same'),
  })
  .meta({ id: 'CommandResponse' });
export type CommandResponseBody = z.output<typeof commandResponseSchema>;

export const errorBodySchema = z
  .object({
    statusCode: z.number().int(),
    code: z.string().describe('Stable and machine-readable: what a client translates and branches on (invalid_request, forbidden, not_found, stale_revision, rule_broken, …)'),
    error: z.string(),
    message: z.string().describe('English, for logs and people'),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string().optional() }))
      .optional()
      .describe('400 only: each problem with its path'),
    damage: z
      .object({ streamId: z.string(), revision: decimalStringSchema, position: decimalStringSchema, eventId: z.string(), problem: z.string(), detail: z.string() })
      .optional()
      .describe('503 record_damaged only: where the record is damaged and what broke'),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.output<typeof errorBodySchema>;
