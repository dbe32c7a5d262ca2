import { Pool } from 'pg';

/**
 * Where the state that every server instance on one log must share is kept — beside the log, not in the
 * log: secret-ballot keys (destroyed at the close), the people registry (erasable), the answers to
 * idempotent requests, the generated token secret. Each of those stores has a SQLite and a PostgreSQL
 * implementation behind one abstract class and passes one contract suite (test/shared-state).
 *
 * - `sqlite`: files in `dir` — the embedded log's folder, so that several processes on one machine
 *   sharing that log (a zero-downtime restart) share these too; SQLite serialises their writes.
 * - `postgres`: one database (DATABASE_URL) shared by every instance, wherever they run.
 */
export type SharedState = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; pool: Pool };

export type SharedStateConfig = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string };

/** DI token of the SharedState (global: every module's store factory may inject it). */
export const SHARED_STATE = Symbol('SHARED_STATE');

export function openSharedState(config: SharedStateConfig): SharedState {
  if (config.kind === 'sqlite') return config;
  const pool = new Pool({ connectionString: config.url, max: 10, application_name: 'klaster' });
  // An idle client's connection dropping (a database restart) must not end the process: the pool
  // replaces it, and the next query reports the outage if it lasts.
  pool.on('error', () => undefined);
  return { kind: 'postgres', pool };
}

export async function closeSharedState(state: SharedState): Promise<void> {
  if (state.kind === 'postgres') await state.pool.end();
}

/** Picks a store's implementation for the shared state at hand: the one seam every shared store goes through. */
export function sharedStore<T>(state: SharedState, implementations: { sqlite: (dir: string) => T; postgres: (pool: Pool) => T }): T {
  return state.kind === 'sqlite' ? implementations.sqlite(state.dir) : implementations.postgres(state.pool);
}
