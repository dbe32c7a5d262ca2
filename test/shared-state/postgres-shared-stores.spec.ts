import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresSecretBallotKeys } from '../../apps/server/src/meetings/ballot-box/postgres-secret-ballot-keys';
import { PostgresPeopleRegistry } from '../../apps/server/src/people/postgres-people-registry';
import { PostgresIdempotencyStore } from '../../apps/server/src/http/idempotency/postgres-idempotency-store';
import { PostgresGeneratedSecret } from '../../apps/server/src/auth/postgres-generated-secret';
import { PostgresIdentityStore } from '../../apps/server/src/identity/store/postgres-identity-store';
import { PostgresThrottlerStorage } from '../../apps/server/src/abuse/storage/postgres-throttler-storage';
import { createTestDatabase, describeWithPostgres } from '../support/postgres/test-database';
import { POSTGRES_DATA_DIR } from '../support/postgres/test-cluster';
import { sharedStoresContract } from './shared-stores.contract';

/** The cluster's data folder when this run made the cluster: the tests then read the database's files. */
const clusterData = process.env[POSTGRES_DATA_DIR];

describeWithPostgres('shared state in PostgreSQL (DATABASE_URL; instances anywhere)', (serverUrl) => {
  sharedStoresContract(
    async () => {
      const database = await createTestDatabase(serverUrl, 'shared_state');
      // Every store opened is another instance: a pool of its own on the same database.
      const pools: Pool[] = [];
      const pool = () => {
        const p = new Pool({ connectionString: database.url, max: 4 });
        pools.push(p);
        return p;
      };
      const admin = pool();
      return {
        ballotKeys: () => PostgresSecretBallotKeys.open(pool()),
        people: () => PostgresPeopleRegistry.open(pool()),
        idempotency: () => PostgresIdempotencyStore.open(pool()),
        generatedSecret: () => PostgresGeneratedSecret.open(pool()),
        identity: () => PostgresIdentityStore.open(pool()),
        rateLimits: (clock) => PostgresThrottlerStorage.open(pool(), clock),
        // The database's own files (base/<oid>), once a checkpoint has written every page out. The WAL
        // (pg_wal) is left out on purpose: it keeps what was written until it is recycled — the
        // operator's part, see docs/eventstoredb.md.
        async filesHolding(values) {
          await admin.query('CHECKPOINT');
          const { rows } = await admin.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()');
          const folder = join(clusterData!, 'base', String(rows[0].oid));
          return readdirSync(folder)
            .map((name) => join(folder, name))
            .filter((path) => values.some((v) => readFileSync(path).includes(v)));
        },
        async close() {
          await Promise.all(pools.map((p) => p.end()));
          await database.drop();
        },
      };
    },
    { seesFiles: clusterData !== undefined },
  );
});
