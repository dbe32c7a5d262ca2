/** Where every benchmark writes its dated section: docs/benchmarks.md, unless BENCH_DOC says otherwise. */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

const INTRO = `# Benchmarks

Each section is one run of one benchmark (\`npm run bench:store\`, \`npm run bench:api\`, …) on one
machine. Machines and neighbours are noisy, so absolute figures only describe that run; the ratios
against baselines measured in the same run are what to compare across runs.
`;

/** BENCH_DOC=0: nowhere (null); BENCH_DOC=path: that file; unset: docs/benchmarks.md. */
export function benchmarksDocPath(): string | null {
  const doc = process.env.BENCH_DOC;
  if (doc === '0') return null;
  return doc && doc !== '1' ? resolve(doc) : join(ROOT, 'docs', 'benchmarks.md');
}

/** Appends a section (starting a new file with the introduction). */
export function appendToBenchmarksDoc(docPath: string, section: string): void {
  if (!existsSync(docPath) || readFileSync(docPath, 'utf8').trim() === '') writeFileSync(docPath, INTRO);
  appendFileSync(docPath, `\n${section}`);
}

/** Appends a section where BENCH_DOC says (docs/benchmarks.md by default); returns the file, or null for BENCH_DOC=0. */
export function recordInBenchmarksDoc(section: string): string | null {
  const path = benchmarksDocPath();
  if (path) appendToBenchmarksDoc(path, section);
  return path;
}
