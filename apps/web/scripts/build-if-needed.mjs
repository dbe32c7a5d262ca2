// Builds the web page (apps/web/dist) when it is missing or older than its sources: used by
// `npm start` (prestart) and by the browser tests' jest globalSetup, so the README's two commands
// stay two. `--force` builds anyway. Prints the size of each chunk, gzipped, as Vite measures it.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sizes from './first-view-size.cjs';
const { FIRST_VIEW_BUDGET_BYTES, firstViewSize } = sizes;

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(web, '..', '..');
const stamp = join(web, 'dist', '.built');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

// The page's sources, its config, the domain code it runs, the server types it is checked against, the lock file.
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(repo, 'libs', 'domain', 'src'), join(repo, 'package-lock.json')];
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const stale = process.argv.includes('--force') || !existsSync(join(web, 'dist', 'index.html')) || sources.some((s) => newest(s) > builtAt);

if (!stale) {
  console.log('web page: apps/web/dist is up to date');
} else {
  console.log('web page: building apps/web/dist …');
  // A production bundle whatever the caller's NODE_ENV (jest sets it to `test`).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'info' });
  const size = firstViewSize(join(web, 'dist'));
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`web page: first view's JavaScript ${kb(size.gzipped)} KB gzipped (${kb(size.bytes)} KB) in ${size.chunks.length} chunk(s); budget ${kb(FIRST_VIEW_BUDGET_BYTES)} KB; ${size.lazyChunks} lazy chunks, ${kb(size.lazyGzipped)} KB gzipped`);
  if (size.gzipped > FIRST_VIEW_BUDGET_BYTES) {
    console.error('web page: the first view is over its 200 KB budget; code-split what it does not need');
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
}
