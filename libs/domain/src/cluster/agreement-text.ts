import { createHash } from 'node:crypto';
import { z } from 'zod';

export const agreementSectionSchema = z.object({
  /** The section mark as written, e.g. "§ 3". */
  number: z.string().min(1).max(20),
  title: z.string().max(300).default(''),
  text: z.string().min(1).max(100_000),
});
export type AgreementSection = z.infer<typeof agreementSectionSchema>;

export const agreementTextSchema = z.object({
  title: z.string().min(1).max(500),
  sections: z.array(agreementSectionSchema).min(1).max(200),
});
export type AgreementText = z.infer<typeof agreementTextSchema>;

/**
 * The hash signatories sign: sha256 (hex) of the text laid out as plain UTF-8 (NFC), so an auditor can
 * recompute it from the printed agreement. Hashing is computation, not I/O: the domain may do it.
 */
export function agreementTextHash(text: AgreementText): string {
  const plain = [text.title, ...text.sections.map((s) => `${s.number}\n${s.title}\n${s.text}`)].join('\n\n').normalize('NFC');
  return createHash('sha256').update(plain, 'utf8').digest('hex');
}
