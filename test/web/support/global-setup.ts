import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * jest globalSetup (jest sets NODE_ENV=test, which would make Vite bundle React's development build): the browser tests need the built page; build it when it is missing or older than
 * its sources (a few seconds), so `npm test` alone is enough on a fresh checkout.
 */
export default function buildWebPage(): void {
  const script = join(__dirname, '..', '..', '..', 'apps', 'web', 'scripts', 'build-if-needed.mjs');
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  if (result.status !== 0) throw new Error(`building the web page failed (exit ${result.status})`);
}
