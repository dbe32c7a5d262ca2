import { z, ZodError } from 'zod';
import { representativeSchema, type MemberState } from '@klaster/domain';
import { readQuerySchema } from '../../projections/read-query';

/**
 * A member's representatives over time. The cluster view carries only the most recent ones (a
 * ten-year-old member may have had thousands: every read would serialise them all); the whole list is
 * read page by page from GET /api/clusters/{id}/members/{memberId}/representatives.
 *
 * The cursor is a position in the member's history (0 = the representative at admission). The history
 * only ever grows at its end, so a position never moves: paging forward from `next` while changes are
 * being recorded loses and repeats nothing, and ends at the history as it is when the last page is read.
 */
export const REPRESENTATIVES_IN_VIEW = 10;
export const REPRESENTATIVES_PAGE_MAX = 500;

export const representativeEntrySchema = representativeSchema.extend({ from: z.string().describe('When this representative took over (the admission date, or the instant of the change)') });
export type RepresentativeEntry = z.output<typeof representativeEntrySchema>;

/** What the cluster view says of a member's history: its latest entries, and how to read the rest. */
export const representativeHistorySliceFields = {
  representativeHistory: z.array(representativeEntrySchema).describe(`The latest ${REPRESENTATIVES_IN_VIEW} representatives at most, oldest first; the whole history is paged at /members/{memberId}/representatives`),
  representativeHistoryTotal: z.number().int().describe('How many representatives the member has had (the length of its whole history)'),
  representativeHistoryFrom: z.number().int().describe('The position in the whole history of the first entry shown here (0 when nothing is left out)'),
};

export function representativeHistorySlice(member: Pick<MemberState, 'representativeHistory'>) {
  const total = member.representativeHistory.size;
  const from = Math.max(0, total - REPRESENTATIVES_IN_VIEW);
  return { representativeHistory: member.representativeHistory.slice(from).toArray(), representativeHistoryTotal: total, representativeHistoryFrom: from };
}

const positionText = z.string().regex(/^\d{1,9}$/, 'a position in the history: a whole number, 0 or more').transform(Number);

export const representativesPageQuerySchema = readQuerySchema.extend({
  cursor: positionText.optional().describe('Where the page starts: a position in the history (0, the default, is the first representative); a page answers the `next` to continue from'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `a whole number from 1 to ${REPRESENTATIVES_PAGE_MAX}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(REPRESENTATIVES_PAGE_MAX))
    .optional()
    .describe(`How many entries at most (1–${REPRESENTATIVES_PAGE_MAX}, default 100)`),
});
export type RepresentativesPageQuery = z.output<typeof representativesPageQuerySchema>;

export const representativesPageSchema = z
  .object({
    clusterId: z.string(),
    memberId: z.string(),
    total: z.number().int().describe('The length of the whole history when this page was read'),
    cursor: z.number().int().describe('The position of the first entry of this page'),
    entries: z.array(representativeEntrySchema.extend({ position: z.number().int().describe('Its position in the whole history') })),
    next: z.number().int().describe('The cursor that continues after this page (equal to `total` at the end: it then returns what was recorded since)'),
    more: z.boolean().describe('Whether the history held more entries after this page when it was read'),
  })
  .meta({ id: 'RepresentativesPage' });
export type RepresentativesPage = z.output<typeof representativesPageSchema>;

/** One page of a member's history; a cursor past its end is a bad request (no such position was ever answered). */
export function representativesPage(clusterId: string, member: Pick<MemberState, 'memberId' | 'representativeHistory'>, q: RepresentativesPageQuery): RepresentativesPage {
  const history = member.representativeHistory;
  const cursor = q.cursor ?? 0;
  if (cursor > history.size) {
    throw new ZodError([{ code: 'custom', path: ['cursor'], message: `past the end of the history (it holds ${history.size} entries)`, input: cursor }]);
  }
  const end = Math.min(history.size, cursor + (q.limit ?? 100));
  return {
    clusterId,
    memberId: member.memberId,
    total: history.size,
    cursor,
    entries: history
      .slice(cursor, end)
      .toArray()
      .map((entry, i) => ({ ...entry, position: cursor + i })),
    next: end,
    more: end < history.size,
  };
}
