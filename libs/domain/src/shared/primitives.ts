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

export const personIdSchema = idSchema.describe('A person id: the `sub` of their token. Names live in the people registry.');
export const isoDateSchema = z.iso.date().describe('A calendar date, YYYY-MM-DD');
export const isoInstantSchema = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601');

/** Every command carries who acts and when: the domain has no clock and no session. */
export const commandContextSchema = z.object({
  actor: personIdSchema,
  at: isoInstantSchema,
});
export type CommandContext = z.infer<typeof commandContextSchema>;
