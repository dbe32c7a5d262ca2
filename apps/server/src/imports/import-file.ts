import { createHash } from 'node:crypto';
import { z } from 'zod';
import { importableCommands, type ResolvedAct } from './import-catalogue';

/**
 * A file of acts to import: JSON Lines, one act per line in the order they occurred, each a command as
 * the API takes it — its `type` (the endpoint's operation), its path `params` and its `body`, which
 * carries when the act occurred and the document it is entered from:
 *
 *   {"type":"SignAgreement","params":{"clusterId":"wm-kes","memberId":"arka"},"body":{"textHash":"…","occurredAt":"2014-11-21","reference":"Porozumienie z 21.11.2014"}}
 *
 * Blank lines are skipped (line numbers count them).
 */
export const importLineSchema = z.discriminatedUnion(
  'type',
  [...importableCommands.values()].map((c) =>
    z
      .object({
        type: z.literal(c.type),
        params: Object.keys(c.params.shape).length > 0 ? c.params : c.params.optional(),
        body: c.body,
      })
      .strict()
      .describe(`POST ${c.path}: ${c.summary}`),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** The JSON Schema of one line, published beside the OpenAPI document. */
export function importLineJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(importLineSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'import.schema.json',
    title: 'Klaster import: one line of a JSON Lines file of acts (one command per line, in the order the acts occurred)',
  };
}

/** One act of the file. `key` identifies it across runs: a hash of the file's acts up to and including it. */
export interface ImportLine extends ResolvedAct {
  /** 1-based line number in the file. */
  line: number;
  key: string;
}

/** A line that could not be read as an act: the same 400 the API answers for a malformed request. */
export class UnreadableLine extends Error {
  constructor(
    readonly line: number,
    message: string,
    readonly issues: { path: (string | number)[]; message: string; code?: string }[] = [],
  ) {
    super(message);
    this.name = 'UnreadableLine';
  }
}

/**
 * Reads every line of the file, or throws UnreadableLine at the first that is not an act. Each act's
 * key chains the hash of the acts before it, so the same act at the same place in the history keeps
 * its key when later lines are changed or added, and a run after a correction recognises what is
 * already recorded.
 */
export function readImportFile(text: string): ImportLine[] {
  const lines: ImportLine[] = [];
  let key = '';
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const source = raw.trim();
    if (source === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch (error) {
      throw new UnreadableLine(line, `Line ${line} is not JSON: ${(error as Error).message}`);
    }
    const parsed = importLineSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code }));
      throw new UnreadableLine(line, `Line ${line} is not a valid act: ` + issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; '), issues);
    }
    const act = parsed.data as { type: string; params?: Record<string, string | number>; body: ResolvedAct['body'] };
    key = createHash('sha256').update(`${key}\n${source}`).digest('hex');
    lines.push({ line, key, command: importableCommands.get(act.type)!, params: act.params ?? {}, body: act.body });
  }
  return lines;
}
