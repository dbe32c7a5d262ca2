import { z } from 'zod';

/** Identifiers are opaque, URL-safe strings chosen by the client (or generated). */
export const idSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'use letters, digits, and _ . : - (starting with a letter or digit)');

export const personIdSchema = idSchema.describe('A person id: the `sub` of their token. Names live in the people registry.');
export const isoDateSchema = z.iso.date().describe('A calendar date, YYYY-MM-DD');
export const isoInstantSchema = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601');

/** Every command carries who acts and when: the domain has no clock and no session. */
export const commandContextSchema = z.object({
  actor: personIdSchema,
  at: isoInstantSchema,
});
export type CommandContext = z.infer<typeof commandContextSchema>;
