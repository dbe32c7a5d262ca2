import { sharedStore, type SharedState } from '../../shared-state/shared-state';
import { PostgresSecretBallotKeys } from './postgres-secret-ballot-keys';
import type { SecretBallotKeys } from './secret-ballot-keys';
import { SqliteSecretBallotKeys } from './sqlite-secret-ballot-keys';

export function openSecretBallotKeys(state: SharedState): Promise<SecretBallotKeys> {
  return sharedStore<Promise<SecretBallotKeys>>(state, {
    sqlite: async (dir) => SqliteSecretBallotKeys.inFolder(dir),
    postgres: (pool) => PostgresSecretBallotKeys.open(pool),
  });
}
