import { z } from 'zod';
import { endOfDay, instantOf, personIdSchema } from '@klaster/domain';
import { hasMessage, type TrailFilters } from '@klaster/audit';

const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** An event type Klaster records: each has its words in the audit catalogue (a spec holds them to the domain's events). */
const isRecordedType = (type: string) => type !== 'unknown' && hasMessage(`act.${type}`);

const trailFilterFields = z.object({
  aggregate: z
    .string()
    .regex(/^(cluster|register|meeting|group|election|seal)(:[A-Za-z0-9_.:-]{1,200})?$/, 'a kind (cluster, register, meeting, group, election, seal), optionally :<id>')
    .optional()
    .describe('A kind of aggregate, or one: `meeting:wm-kes.rada-1`'),
  type: z
    .string()
    .regex(/^[A-Za-z]{1,60}(,[A-Za-z]{1,60}){0,40}$/, 'event types separated by commas, e.g. VoteClosed,ResolutionNumberAssigned')
    // A mistyped type would give an empty trail that reads as "no such act happened".
    .superRefine((types, ctx) => {
      const unknown = types.split(',').filter((type) => !isRecordedType(type));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `not an event type Klaster records: ${unknown.join(', ')}` });
    })
    .optional(),
  actor: z.union([personIdSchema, z.literal('$klaster')]).optional(),
  occurredFrom: dayOrInstant.optional(),
  occurredTo: dayOrInstant.optional().describe('Inclusive: a day includes its whole day'),
  recordedFrom: dayOrInstant.optional(),
  recordedTo: dayOrInstant.optional(),
  correlationId: z.string().min(1).max(128).optional(),
});

/**
 * A range whose start is after its end would select nothing: refused. Compared when both ends are days
 * or both instants (a day against an instant depends on the cluster's zone; such a range is left to select).
 */
function rangesInOrder(q: z.infer<typeof trailFilterFields>, ctx: z.RefinementCtx) {
  for (const [fromKey, toKey] of [['occurredFrom', 'occurredTo'], ['recordedFrom', 'recordedTo']] as const) {
    const [from, to] = [q[fromKey], q[toKey]];
    if (from === undefined || to === undefined || (from.length === 10) !== (to.length === 10)) continue;
    const after = from.length === 10 ? from > to : Date.parse(from) > Date.parse(to);
    if (after) ctx.addIssue({ code: 'custom', path: [toKey], message: `${toKey} is before ${fromKey}` });
  }
}

/** The trail's filters, as query parameters (dates are days in the cluster's time zone, or instants). */
export const trailFiltersSchema = trailFilterFields.superRefine(rangesInOrder);
export type TrailFiltersQuery = z.infer<typeof trailFiltersSchema>;

export const trailQuerySchema = trailFilterFields
  .extend({
    after: z.string().regex(/^\d{1,30}$/, 'a log position (the nextCursor of the previous page)').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(rangesInOrder);

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
