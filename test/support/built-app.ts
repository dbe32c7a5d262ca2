import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * The server, the demo loader and the CLI built once, exactly as `npm run build` builds them for the
 * Docker image (nest build, which also rewrites the @klaster/* imports), but into a folder of its own
 * (node_modules/.cache/klaster-built: out of git, out of jest's roots) so a test never replaces `dist`.
 * Every test that starts one of them as a process of its own runs this JavaScript: no process pays for
 * compiling the application again. jest's global setup builds it when its sources changed (a hash of
 * them is kept beside the build); type checking is `npm run typecheck`'s job, so the build skips it.
 */

const root = join(__dirname, '..', '..');
const relativeOut = join('node_modules', '.cache', 'klaster-built');
export const BUILT_DIR = join(root, relativeOut);
const stamp = join(BUILT_DIR, '.source-hash');

/** The built entry points: `npm start`, `npm run demo`, and the CLI (`klaster …` in the container). */
export const BUILT = {
  server: join(BUILT_DIR, 'apps', 'server', 'src', 'main.js'),
  demo: join(BUILT_DIR, 'apps', 'server', 'src', 'demo', 'main.js'),
  cli: join(BUILT_DIR, 'apps', 'cli', 'src', 'main.js'),
};

// What the build reads: the application's and libraries' sources, the build's settings, the lock file.
const inputs = () => [
  'apps/server/src',
  'apps/cli/src',
  ...readdirSync(join(root, 'libs')).map((lib) => join('libs', lib, 'src')),
  'tsconfig.json',
  'apps/server/tsconfig.app.json',
  'nest-cli.json',
  'package-lock.json',
  'test/support/cli-build.tsconfig.json',
  'test/support/built-app.ts',
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs().flatMap((input) => filesUnder(join(root, input)))) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Builds the application into BUILT_DIR unless the build there is of the current sources. */
export function buildAppIfStale(): void {
  const hash = sourceHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && Object.values(BUILT).every((entry) => existsSync(entry))) return;
  // nest-cli.json copies the demo's histories into dist/: here they go beside this build instead.
  const nestConfig = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  nestConfig.compilerOptions.assets = nestConfig.compilerOptions.assets.map((asset: { outDir?: string }) => ({ ...asset, outDir: asset.outDir?.replace(/^dist\b/, relativeOut) }));
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const configFile = join(root, 'node_modules', '.cache', 'klaster-built.nest-cli.json');
  writeFileSync(configFile, JSON.stringify(nestConfig));
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const started = Date.now();
  const build = spawnSync(process.execPath, [nest, 'build', 'server', '--config', relative(root, configFile), '--path', 'test/support/cli-build.tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  const missing = Object.values(BUILT).filter((entry) => !existsSync(entry));
  if (missing.length) throw new Error(`nest build did not write ${missing.join(', ')}`);
  writeFileSync(stamp, hash);
  console.log(`server and CLI: built into ${relativeOut} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The built entry point, for a test about to start it (built here if jest's global setup did not run). */
export function builtEntry(name: keyof typeof BUILT): string {
  if (!existsSync(stamp)) buildAppIfStale();
  return BUILT[name];
}
