import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { POSTGRES_SKIPPED, TEST_DATABASE_URL } from './test-cluster';

/** The test run's PostgreSQL (see test/support/global-setup.ts), or undefined. */
export const testPostgresUrl: string | undefined = process.env[TEST_DATABASE_URL];

/**
 * `describe` when the run has PostgreSQL; otherwise the suite is reported as skipped with the reason, as
 * the EventStoreDB contract is (npm test passes on a machine without PostgreSQL; CI installs it).
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  if (testPostgresUrl) {
    describe(name, () => body(testPostgresUrl));
  } else {
    const why = process.env[POSTGRES_SKIPPED] ?? `${TEST_DATABASE_URL} is not set`;
    describe.skip(`${name} — skipped: ${why}`, () => {
      it('needs PostgreSQL', () => undefined);
    });
  }
}

/** A database of its own for one test file (dropped afterwards), on the run's server. */
export async function createTestDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `klaster_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
