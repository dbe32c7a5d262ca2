/**
 * One library's mutation score from the JSON reports of its runs (`node mutation/score.mjs event-store`):
 * libs/event-store is measured by two runs (event-store.config.mjs, and event-store-validation.config.mjs
 * for port/validation.ts alone), each over files the other does not mutate. Score as Stryker counts it:
 * (killed + timed out) ÷ (killed + timed out + survived + no coverage); compile and runtime errors and
 * ignored mutants are out of it.
 */
import { existsSync, readFileSync } from 'node:fs';

const lib = process.argv[2] ?? 'event-store';
const reports = { 'event-store': ['event-store', 'event-store-validation'], domain: ['domain'] }[lib];
if (!reports) throw new Error(`no mutation runs are known for ${lib}`);

// A file's result comes from the last report that holds it: the main run's report still carries results
// for port/validation.ts from before that file had its own run (incremental), which its own run replaces.
const filesOf = new Map();
for (const name of reports) {
  const path = `reports/mutation/${name}.json`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run test:mutation:${lib} first`);
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) filesOf.set(file, mutants);
}
const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
const byFile = new Map();
for (const [file, mutants] of filesOf) {
  const row = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const { status } of mutants) {
    if (!(status in counts)) continue;
    counts[status]++;
    row[status]++;
  }
  byFile.set(file, row);
}
const score = (c) => (100 * (c.Killed + c.Timeout)) / (c.Killed + c.Timeout + c.Survived + c.NoCoverage || 1);
for (const [file, c] of [...byFile].sort()) console.log(`${score(c).toFixed(1).padStart(6)} %  ${file}  (killed ${c.Killed}, timeout ${c.Timeout}, survived ${c.Survived}, no coverage ${c.NoCoverage})`);
console.log(`libs/${lib}: ${score(counts).toFixed(2)} % (killed ${counts.Killed}, timeout ${counts.Timeout}, survived ${counts.Survived}, no coverage ${counts.NoCoverage})`);
