import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * Builds the server and its CLI exactly as `npm run build` does for the Docker image (nest build, which
 * also rewrites the @klaster/* imports), but into a folder of its own (node_modules/.cache/klaster-built,
 * see cli-build.tsconfig.json) so a test never replaces `dist`. Answers a runner of the built CLI: what an
 * operator runs in the container (`klaster …`), and what `npm run cli -- …` runs from the sources.
 */
export function buildCli(): (args: string[], env: Record<string, string>) => Promise<{ code: number; stdout: string; stderr: string }> {
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const build = spawnSync(process.execPath, [nest, 'build', 'server', '--path', 'test/support/cli-build.tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  const main = join(root, 'node_modules', '.cache', 'klaster-built', 'apps', 'cli', 'src', 'main.js');
  return (args, env) =>
    new Promise((resolve) => {
      // No EventStoreDB from the test runner's environment: the CLI reads DATA_DIR's file unless told.
      execFile(process.execPath, [main, ...args], { cwd: root, env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
}
