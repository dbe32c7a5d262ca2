import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSecretBallotKeys } from '../../apps/server/src/meetings/ballot-box/sqlite-secret-ballot-keys';
import { SqlitePeopleRegistry } from '../../apps/server/src/people/sqlite-people-registry';
import { SqliteIdempotencyStore } from '../../apps/server/src/http/idempotency/sqlite-idempotency-store';
import { FileGeneratedSecret } from '../../apps/server/src/auth/file-generated-secret';
import { SqliteIdentityStore } from '../../apps/server/src/identity/store/sqlite-identity-store';
import { SqliteThrottlerStorage } from '../../apps/server/src/abuse/storage/sqlite-throttler-storage';
import { sharedStoresContract } from './shared-stores.contract';

/** The embedded default: SQLite files in one folder (beside the log), each instance with its own connections. */
describe('shared state in SQLite files (the default; processes sharing one embedded log)', () => {
  sharedStoresContract(
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'klaster-shared-'));
      return {
        ballotKeys: async () => SqliteSecretBallotKeys.inFolder(dir),
        people: async () => SqlitePeopleRegistry.inFolder(dir),
        idempotency: async () => SqliteIdempotencyStore.inFolder(dir),
        generatedSecret: async () => FileGeneratedSecret.inFolder(dir),
        identity: async () => SqliteIdentityStore.inFolder(dir),
        rateLimits: async (clock) => SqliteThrottlerStorage.inFolder(dir, clock),
        async filesHolding(values) {
          return readdirSync(dir)
            .map((name) => join(dir, name))
            .filter((path) => values.some((v) => readFileSync(path).includes(v)));
        },
        async close() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    { seesFiles: true },
  );
});
