/**
 * `npm run bench:live:rebuild`, the first half of `npm run bench:live` (issue 5): the read side, in one
 * process on this machine. Each part is its own module exporting a LivePart and measures Klaster
 * against a floor taken in the same run (absolute figures depend on the machine; the ratios are what
 * the targets are stated in); run.ts only sequences the parts and writes one dated section to
 * docs/benchmarks.md with a subsection per part.
 *
 *   rebuild.ts         projection rebuild over 1,000,000 events ÷ the store's raw readAll (target ≥ 25 %)
 *   live-batching.ts   read-model commits per burst of live events (floor 1), read-your-write wait ÷ its bound
 *
 * The other half, command-to-socket latency beside a bare socket.io broadcast, runs its own server and
 * client processes and is its own entry point: bench/live/socket-latency.ts (`npm run bench:live:sockets`).
 * Another in-process measurement of the read side joins PARTS below as a module of its own.
 *
 * Environment:
 *   BENCH_LIVE_PARTS=rebuild   run only these parts (comma-separated keys)
 *   BENCH_DOC=0                do not write docs/benchmarks.md (or BENCH_DOC=path/to/file.md)
 *   plus each part's own settings (see its module), e.g. BENCH_LIVE_EVENTS, BENCH_REPEATS, BENCH_TMPDIR
 */
import { recordInBenchmarksDoc } from '../benchmarks-doc';
import { log, machineDescription, now, type LivePart, sqliteVersion } from './common';
import { batchingPart } from './live-batching';
import { rebuildPart } from './rebuild';

const PARTS: LivePart[] = [
  rebuildPart,
  batchingPart,
  // ← further in-process parts go here, each a module exporting a LivePart.
];

function selectedParts(): LivePart[] {
  const raw = process.env.BENCH_LIVE_PARTS;
  if (!raw) return PARTS;
  const keys = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = keys.filter((k) => !PARTS.some((p) => p.key === k));
  if (unknown.length) throw new Error(`BENCH_LIVE_PARTS: unknown ${unknown.join(', ')} (known: ${PARTS.map((p) => p.key).join(', ')})`);
  return PARTS.filter((p) => keys.includes(p.key));
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = now();
  const parts = selectedParts();
  const sections: string[] = [];
  for (const part of parts) {
    log(`== ${part.title}`);
    const report = await part.run();
    sections.push(`### ${part.title}\n\n${report.markdown.join('\n')}\n`);
  }
  const section = [
    `## Read side: projection rebuild (\`npm run bench:live:rebuild\`) — ${startedAt.toISOString()}`,
    '',
    ...machineDescription(sqliteVersion()),
    `- Run: ${Math.round((now() - t0) / 1000)} s in one process (parts: ${parts.map((p) => p.key).join(', ')}). Each part's floor is measured in the same run; compare the ratios across runs.`,
    '',
    ...sections,
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  const doc = recordInBenchmarksDoc(section);
  if (doc) log(`Appended to ${doc}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
