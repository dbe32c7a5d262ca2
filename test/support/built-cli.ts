import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { builtEntry } from './built-app';

const root = join(__dirname, '..', '..');

/**
 * Runs the built CLI to its end (see built-app.ts): what an operator runs in the container
 * (`klaster …`), and what `npm run cli -- …` runs from the sources. Its exit code and output.
 */
export function runBuiltCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No EventStoreDB from the test runner's environment: the CLI reads DATA_DIR's file unless told.
    execFile(process.execPath, [builtEntry('cli'), ...args], { cwd: root, env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
