import { sharedStore, type SharedState } from '../../shared-state/shared-state';
import type { IdempotencyStore } from './idempotency-store';
import { PostgresIdempotencyStore } from './postgres-idempotency-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

export function openIdempotencyStore(state: SharedState): Promise<IdempotencyStore> {
  return sharedStore<Promise<IdempotencyStore>>(state, {
    sqlite: async (dir) => SqliteIdempotencyStore.inFolder(dir),
    postgres: (pool) => PostgresIdempotencyStore.open(pool),
  });
}
