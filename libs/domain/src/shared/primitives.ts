import { z } from 'zod';

/** Identifiers are opaque, URL-safe strings chosen by the client (or generated). */
export const idSchema = z
  .string()
  .min(1)
  .max(160)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'use letters, digits, and _ . : - (starting with a letter or digit)');

/** A cluster's id: no dot, because the ids of its meetings, groups and elections are `<clusterId>.<id>`. */
export const clusterIdSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_:-]*$/, 'use letters, digits, and _ : - (starting with a letter or digit; no dot)');

/**
 * The id of a meeting, group or election inside its cluster: `<clusterId>.<given>`, so that ids never
 * collide across clusters (an id taken in another cluster is not even visible from here). An id that
 * already carries this cluster's prefix is kept as it is.
 */
export function qualifiedId(clusterId: string, id: string): string {
  return id.startsWith(`${clusterId}.`) ? id : `${clusterId}.${id}`;
}

export const personIdSchema = idSchema.max(80).describe('A person id: the `sub` of their token. Names live in the people registry.');
export const isoDateSchema = z.iso.date().describe('A calendar date, YYYY-MM-DD');
export const isoInstantSchema = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601');

/** Every command carries who acts and when: the domain has no clock and no session. */
export const commandContextSchema = z.object({
  actor: personIdSchema,
  at: isoInstantSchema,
});
export type CommandContext = z.infer<typeof commandContextSchema>;

/**
 * What a name or title people type may not hold: control characters (line breaks and tabs too), the
 * line and paragraph separators, and the bidirectional controls that make a text display as something
 * other than what it says (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069).
 */
const NOT_IN_A_LINE = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
/** The same in a text of several paragraphs, where tabs and line breaks are welcome. */
const NOT_IN_PARAGRAPHS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';

/**
 * A name or title a person types (an organisation's, a body's, a meeting's, a task's…): one line, at
 * most `max` characters, not blank unless `min` is 0, with no control or bidirectional characters.
 * For request bodies: event schemas stay as they were, so an event already in the log always reads.
 */
export function lineOfTextSchema(max: number, { min = 1 }: { min?: number } = {}) {
  const text = z
    .string()
    .min(min)
    .max(max)
    .regex(new RegExp(`^[^${NOT_IN_A_LINE}]*$`), 'no control characters, line breaks or bidirectional formatting characters');
  return min > 0 ? text.regex(/\S/, 'must not be blank') : text;
}

/** A longer text a person types (a motion): line breaks and tabs allowed, other control and bidirectional characters not. */
export function paragraphsOfTextSchema(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(new RegExp(`^[^${NOT_IN_PARAGRAPHS}]*$`), 'no control characters (but line breaks and tabs) and no bidirectional formatting characters');
}

/** The usual bounds: a person's or an organisation's name, and a title. */
export const NAME_MAX = 200;
export const TITLE_MAX = 300;

/**
 * When an act recorded after the fact occurred: a date (taken as noon in the cluster's time zone) or an
 * instant. Without it, the act occurs now.
 */
export const occurredAtSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('When the act occurred, if it is recorded after the fact: YYYY-MM-DD (noon in the cluster\'s time zone) or an ISO 8601 instant');

/**
 * What any command body may add to record an act after the fact (by the coordinator or a registrar):
 * when it occurred, the document it is entered from, and who did it then (by default the
 * representative of the member the act names, else the coordinator of that day).
 */
export const occurrenceFields = {
  occurredAt: occurredAtSchema.optional(),
  reference: lineOfTextSchema(TITLE_MAX).optional().describe('The document the act is entered from, e.g. "protokół nr 3/2016"'),
  actedBy: personIdSchema.optional().describe('Who did the act then, when it is recorded after the fact by someone else'),
};
