// Positions and revisions are bigints; JSON carries them as tagged decimal strings, {"$bigint":"42"}.
const TAG = '{"$bigint":';
const replace = (_k: string, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v);
const isTag = (v: unknown): v is { $bigint: string } =>
  !!v && typeof v === 'object' && typeof (v as { $bigint?: unknown }).$bigint === 'string' && Object.keys(v).length === 1;
const revive = (_k: string, v: unknown) => (isTag(v) ? BigInt(v.$bigint) : v);

/**
 * JSON.stringify(doc, replace), without a replacer call per value in the usual case: documents carry
 * their bigints (revision, position) at the top level. A bigint deeper down makes the plain
 * stringify throw, and the replacer takes over.
 */
export function encodeDocument(doc: unknown): string {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    let top: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(doc)) {
      if (typeof v === 'bigint') (top ??= { ...doc })[k] = { $bigint: v.toString() };
    }
    try {
      return JSON.stringify(top ?? doc);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return JSON.stringify(doc, replace);
}

/**
 * JSON.parse(json, revive), without a reviver call per value in the usual case: the top level's tags
 * are revived by hand, and only a document with tags deeper down is parsed again with the reviver.
 */
export function decodeDocument<T>(json: string): T {
  const value = JSON.parse(json) as unknown;
  let tags = 0;
  for (let i = json.indexOf(TAG); i >= 0; i = json.indexOf(TAG, i + TAG.length)) tags++;
  if (tags === 0) return value as T;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const top = value as Record<string, unknown>;
    for (const k of Object.keys(top)) {
      const v = top[k];
      if (isTag(v)) {
        top[k] = BigInt(v.$bigint);
        tags--;
      }
    }
  }
  return (tags === 0 ? value : JSON.parse(json, revive)) as T;
}
