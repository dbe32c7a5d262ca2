import { z } from 'zod';
import { endOfDay, instantOf, personIdSchema } from '@klaster/domain';
import type { TrailFilters } from '@klaster/audit';

const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The trail's filters, as query parameters (dates are days in the cluster's time zone, or instants). */
export const trailFiltersSchema = z.object({
  aggregate: z
    .string()
    .regex(/^(cluster|register|meeting|group|election|seal)(:[A-Za-z0-9_.:-]{1,200})?$/, 'a kind (cluster, register, meeting, group, election, seal), optionally :<id>')
    .optional()
    .describe('A kind of aggregate, or one: `meeting:wm-kes.rada-1`'),
  type: z
    .string()
    .regex(/^[A-Za-z]{1,60}(,[A-Za-z]{1,60}){0,40}$/, 'event types separated by commas, e.g. VoteClosed,ResolutionNumberAssigned')
    .optional(),
  actor: z.union([personIdSchema, z.literal('$klaster')]).optional(),
  occurredFrom: dayOrInstant.optional(),
  occurredTo: dayOrInstant.optional().describe('Inclusive: a day includes its whole day'),
  recordedFrom: dayOrInstant.optional(),
  recordedTo: dayOrInstant.optional(),
  correlationId: z.string().min(1).max(128).optional(),
});
export type TrailFiltersQuery = z.infer<typeof trailFiltersSchema>;

export const trailQuerySchema = trailFiltersSchema.extend({
  after: z.string().regex(/^\d{1,30}$/, 'a log position (the nextCursor of the previous page)').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const proofQuerySchema = z.object({
  stream: z.string().min(1).max(300).describe('The event’s stream, e.g. resolutions-wm-kes'),
  revision: z.string().regex(/^\d{1,20}$/, 'a revision (0-based)'),
});

const from = (value: string | undefined, timeZone: string) => (value === undefined ? undefined : value.length === 10 ? instantOf(value, '00:00', timeZone) : value);
const to = (value: string | undefined, timeZone: string) => (value === undefined ? undefined : value.length === 10 ? endOfDay(value, timeZone) : value);

/** The filters of a query, with days turned into instants in the cluster's time zone. */
export function trailFilters(q: TrailFiltersQuery, timeZone: string): TrailFilters {
  const filters: TrailFilters = {
    aggregate: q.aggregate,
    types: q.type?.split(','),
    actor: q.actor,
    occurredFrom: from(q.occurredFrom, timeZone),
    occurredTo: to(q.occurredTo, timeZone),
    recordedFrom: from(q.recordedFrom, timeZone),
    recordedTo: to(q.recordedTo, timeZone),
    correlationId: q.correlationId,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as TrailFilters;
}
