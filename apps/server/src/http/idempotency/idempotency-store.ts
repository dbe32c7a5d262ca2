import { createHash } from 'node:crypto';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
  etag?: string;
}

/**
 * What the store knows of a (person, Idempotency-Key) when a request carrying it arrives:
 * - `started`: nobody has it — this request now holds it (a lease) and runs;
 * - `answered`: the first answer, to replay;
 * - `in_progress`: another request with this key is running (on this or another instance);
 * - `mismatch`: the key was used for a different request.
 */
export type IdempotencyClaim =
  | { kind: 'started' }
  | { kind: 'answered'; answer: StoredAnswer }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/**
 * Remembers the first answer to each (person, Idempotency-Key), so a client retrying a command gets
 * that answer again and nothing new is written — on whichever instance the retry lands (SharedState).
 * A request claims its key before it runs; a second request with the key while the first runs is told
 * so, and a claim whose holder vanished (a crash) lapses after its lease.
 */
export abstract class IdempotencyStore {
  static requestHash(method: string, path: string, body: unknown): string {
    return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
  }

  abstract claim(personId: string, key: string, requestHash: string, leaseMs: number): Promise<IdempotencyClaim>;
  /** Records the answer of the request that holds the claim. */
  abstract complete(personId: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Gives the claim up (the request failed): a retry runs again. */
  abstract release(personId: string, key: string): Promise<void>;
  abstract close(): Promise<void>;
}

/** How long a claim holds when its request neither answers nor fails (its server died): a retry then runs. */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** The decision both implementations take on the row they found (inside their write transaction). */
export function claimOf(
  row: { request_hash: string; state: string; status: number; body: string; etag: string | null; lease_until: number | string | bigint | null } | undefined,
  requestHash: string,
  now: number,
): IdempotencyClaim | 'take_over' | 'insert' {
  if (!row) return 'insert';
  if (row.request_hash !== requestHash) return { kind: 'mismatch' };
  if (row.state === 'answered') {
    return { kind: 'answered', answer: { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body), etag: row.etag ?? undefined } };
  }
  return Number(row.lease_until ?? 0) > now ? { kind: 'in_progress' } : 'take_over';
}
