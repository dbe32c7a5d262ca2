import buildWebPage from '../web/support/global-setup';
import { buildAppIfStale } from './built-app';
import { POSTGRES_DATA_DIR, POSTGRES_SKIPPED, TEST_DATABASE_URL, startTestCluster, type TestCluster } from './postgres/test-cluster';
import { removeScratchFolder, useScratchFolder } from './scratch-folder';

declare global {
  // The cluster and the temporary folder this run made, for the teardown (jest runs both in its own process).
  var klasterTestCluster: TestCluster | undefined;
  var klasterScratchFolder: string | undefined;
}

/**
 * jest globalSetup: the built web page for the browser tests, the built server and CLI for the tests
 * that start them as processes of their own (see built-app.ts), a PostgreSQL server for the shared
 * state's tests, and a temporary folder in memory for everything the tests write (see scratch-folder.ts).
 * The database's URL and the folder reach the test files (and the processes they start) through the
 * environment: jest's workers inherit it. Without PostgreSQL those suites are skipped with the reason —
 * except in CI, whose script installs it: there a missing server is a failure, not a skip.
 */
export default function globalSetup(): void {
  buildWebPage();
  buildAppIfStale();
  startPostgres();
  // After PostgreSQL: its folder must be one the `postgres` user can reach (under root, see test-cluster.ts).
  const scratch = (globalThis.klasterScratchFolder = useScratchFolder());
  // Also when jest is interrupted before its teardown.
  process.once('exit', () => removeScratchFolder(scratch));
}

function startPostgres(): void {
  if (process.env[TEST_DATABASE_URL]) return;
  const cluster = startTestCluster();
  if ('unavailable' in cluster) {
    if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the shared-state tests: ${cluster.unavailable}`);
    process.env[POSTGRES_SKIPPED] = cluster.unavailable;
    return;
  }
  globalThis.klasterTestCluster = cluster;
  process.env[TEST_DATABASE_URL] = cluster.url;
  process.env[POSTGRES_DATA_DIR] = cluster.dataDir;
  process.once('exit', () => cluster.stop());
}
