// `npm run typecheck`: the server's project (apps, libs, tests, benchmarks) and the web page's, each as
// `tsc -p <project> --noEmit` checks it, both at once (one per core) and incremental: each keeps what it
// learnt in node_modules/.cache/typecheck, so a run re-checks only the files that changed since the last
// one and those that depend on them (tsc's own bookkeeping; errors of unchanged files are reported again).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const cache = join(root, 'node_modules', '.cache', 'typecheck');
mkdirSync(cache, { recursive: true });

const projects = { server: 'tsconfig.json', web: 'apps/web/tsconfig.json' };
const checks = Object.entries(projects).map(
  ([name, project]) =>
    new Promise((resolve) => {
      const args = [tsc, '-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', join(cache, `${name}.tsbuildinfo`), '--pretty', String(Boolean(process.stdout.isTTY))];
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      // Each project's diagnostics together, once it is done.
      child.on('close', (code) => {
        if (output) process.stdout.write(`tsc -p ${project}:\n${output}`);
        resolve(code);
      });
    }),
);
const codes = await Promise.all(checks);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
