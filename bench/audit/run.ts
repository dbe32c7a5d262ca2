/**
 * `npm run bench:audit` (part of `npm run bench`): the auditors' tools over a long log, against the
 * floor of the same run — the store's own `readAll` over the same file, which an export and a verify
 * must do anyway (read the rows, decode their JSON). Target: each ≥ 50 % of it.
 *
 * The log is one cluster's history (an export is one cluster's; with one cluster the export reads the
 * same events readAll does), written first, not timed, by the real deciders (bench/live/governance-log.ts),
 * then sealed once with an Ed25519 key. Then, in rounds, on the same store:
 *   raw readAll · export JSON Lines · export CSV · audit verify (auditLog with the public key)
 * each export streamed to a sink that counts bytes, as the server streams it to a response. The first
 * JSON Lines export is checked offline (verifyExport), and every verify must find nothing, so a fast but
 * wrong export or verify cannot pass.
 *
 * Environment: BENCH_AUDIT_EVENTS (default 200,000), BENCH_AUDIT_CLUSTERS (default 1), BENCH_REPEATS
 * (rounds, default 3), BENCH_TMPDIR (where the files go), BENCH_DOC=0 (do not write docs/benchmarks.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SqliteEventStore, type EventStore } from '@klaster/event-store';
import { auditLog, prepareExport, sealCluster, sealKeyFromPem, verifyExport, type ExportFormat, type SealKey } from '@klaster/audit';
import { recordInBenchmarksDoc } from '../benchmarks-doc';
import { envNumber, int, log, machineDescription, median, now, packageVersion, seconds, tempDir, sqliteVersion } from '../live/common';
import { generateGovernanceLog } from '../live/governance-log';

const TARGET_RATIO = 0.5;
const NEWLINE = 0x0a;

interface Run {
  events: number;
  seconds: number;
  /** CPU time of the process (all its threads, GC included) during the run: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  bytes?: number;
}

const rate = (r: Run) => r.events / r.seconds;
const cpuRate = (r: Run) => r.events / r.cpuSeconds;

/** Times a run in wall-clock and in the process's CPU seconds. */
async function timed<T extends { events: number; bytes?: number }>(fn: () => Promise<T>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = now();
  const result = await fn();
  const wall = (now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { ...result, seconds: wall, cpuSeconds: (used.user + used.system) / 1e6 };
}

function rawReadAll(store: EventStore): Promise<Run> {
  return timed(async () => {
    let events = 0;
    for await (const event of store.readAll()) if (event) events++;
    return { events };
  });
}

/** Streams the cluster's export to a sink that counts bytes and lines (as a response would take it). */
function exportRun(store: EventStore, clusterId: string, format: ExportFormat, key: SealKey, keep?: string[]): Promise<Run> {
  return timed(() => exportTo(store, clusterId, format, key, keep));
}

async function exportTo(store: EventStore, clusterId: string, format: ExportFormat, key: SealKey, keep?: string[]): Promise<{ events: number; bytes: number }> {
  const prepared = await prepareExport(store, clusterId, { sealing: { key } });
  if (!prepared) throw new Error(`cluster ${clusterId} has no events`);
  let bytes = 0;
  let lines = 0;
  let partial = '';
  await pipeline(
    prepared.stream(format),
    new Writable({
      // Counted on the bytes, as a response takes them: decoding them again would time the sink, not the export.
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
        if (keep) {
          const parts = (partial + chunk.toString()).split('\n');
          partial = parts.pop()!;
          keep.push(...parts);
        }
        done();
      },
    }),
  );
  if (keep && partial) keep.push(partial);
  // JSON Lines: a header, one line per event, the seal. CSV: a header row, one row per event, the seal's row
  // (a motion with a line break is quoted over several lines, so CSV counts are only reported, not checked).
  return { events: lines - 2, bytes };
}

function verifyRun(store: EventStore, key: SealKey): Promise<Run> {
  return timed(async () => {
    const report = await auditLog(store, { publicKey: key.publicKey });
    if (!report.ok) throw new Error(`audit verify found problems in an untouched log: ${JSON.stringify(report.problems.slice(0, 3))}`);
    return { events: report.eventsChecked };
  });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = now();
  const target = Math.round(envNumber('BENCH_AUDIT_EVENTS', 200_000));
  const clusters = Math.round(envNumber('BENCH_AUDIT_CLUSTERS', 1));
  const repeats = Math.round(envNumber('BENCH_REPEATS', 3));
  const dir = tempDir('audit');
  const path = join(dir.path, 'events.sqlite');
  let store: SqliteEventStore | undefined;
  try {
    log(`audit: writing a governance log of ${int(target)} events (${clusters} cluster(s)) through the deciders (not timed) …`);
    const genStarted = now();
    store = SqliteEventStore.open({ path });
    const generated = await generateGovernanceLog(store, target, { clusters, concurrentMeetings: 4, onProgress: (n) => log(`    ${int(n)} events`) });
    const genSeconds = (now() - genStarted) / 1000;
    const clusterId = 'c001';
    const { privateKey } = generateKeyPairSync('ed25519');
    const key = sealKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const sealed = await sealCluster(store, clusterId, { key });
    if (!sealed.latest) throw new Error('the cluster was not sealed');
    const logEvents = generated.events + 1; // and its seal

    log('audit: warm-up (one untimed readAll: page cache and JIT); the first JSON Lines export checked offline');
    const warm = await rawReadAll(store);
    if (warm.events !== logEvents) throw new Error(`readAll delivered ${warm.events} events, the log holds ${logEvents}`);
    const lines: string[] = [];
    const first = await exportRun(store, clusterId, 'jsonl', key, lines);
    const offline = await verifyExport(lines, { publicKey: key.publicKey });
    if (!offline.ok || offline.eventsChecked !== first.events) throw new Error(`the export does not verify offline: ${JSON.stringify(offline.problems.slice(0, 3))}`);
    lines.length = 0;

    const runs: Record<'raw' | 'jsonl' | 'csv' | 'verify', Run[]> = { raw: [], jsonl: [], csv: [], verify: [] };
    for (let round = 1; round <= repeats; round++) {
      const measured = {
        raw: await rawReadAll(store),
        jsonl: await exportRun(store, clusterId, 'jsonl', key),
        csv: await exportRun(store, clusterId, 'csv', key),
        verify: await verifyRun(store, key),
      };
      for (const [k, r] of Object.entries(measured)) runs[k as keyof typeof runs].push(r);
      log(`    round ${round}: ${Object.entries(measured).map(([k, r]) => `${k} ${int(rate(r))} events/s`).join(' · ')}`);
    }
    if (runs.jsonl.some((r) => r.events !== first.events)) throw new Error('the exports did not all hold the same events');

    const rawRate = median(runs.raw.map(rate));
    const rawCpuRate = median(runs.raw.map(cpuRate));
    const row = (what: string, k: keyof typeof runs) =>
      `| ${what} | ${int(median(runs[k].map(rate)))} | ${int(median(runs[k].map(cpuRate)))} | ${runs[k].map((r) => int(rate(r))).join(' / ')} |`;
    const ratio = (k: keyof typeof runs) => median(runs[k].map(rate)) / rawRate;
    const cpuRatio = (k: keyof typeof runs) => median(runs[k].map(cpuRate)) / rawCpuRate;
    const verdict = (k: keyof typeof runs, what: string) =>
      `| ${what} ÷ raw readAll | ${ratio(k).toFixed(3)} (${(100 * ratio(k)).toFixed(1)} %) | ${cpuRatio(k).toFixed(3)} (${(100 * cpuRatio(k)).toFixed(1)} %) | ≥ ${TARGET_RATIO.toFixed(2)} (50 %) | ${ratio(k) >= TARGET_RATIO ? 'met' : '**missed**'} |`;
    const mib = (b = 0) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    const section = [
      `## Auditors' tools: export and verify (\`npm run bench:audit\`) — ${startedAt.toISOString()}`,
      '',
      `Measured by \`npm run bench:audit\` (bench/audit), in one process on this machine, against the store's raw \`readAll\` over the same file in the same run.`,
      '',
      ...machineDescription(sqliteVersion()),
      `- papaparse ${packageVersion('papaparse')} (CSV); run: ${Math.round((now() - t0) / 1000)} s; 1-minute load average at the end ${(await import('node:os')).loadavg()[0].toFixed(2)} (2 cores: above that, other work competed with the bench).`,
      '',
      `| Over the same ${int(logEvents)}-event SQLite log, same process | events/s (median of ${repeats}) | events per CPU second (median) | All runs, events/s |`,
      '| --- | ---: | ---: | --- |',
      row('Raw `readAll` (the store reads, checks each hash and decodes every event; the floor)', 'raw'),
      row(`Export JSON Lines (seal check, trail entry in Polish and English per event, streamed; ${mib(median(runs.jsonl.map((r) => r.bytes!)))})`, 'jsonl'),
      row(`Export CSV (the same entries through Papa Parse's unparse; ${mib(median(runs.csv.map((r) => r.bytes!)))})`, 'csv'),
      row('Audit verify (`auditLog`: every chain, the order of each stream, the seal with its signature)', 'verify'),
      '',
      '| Ratio (same run) | Measured (wall clock) | In CPU time | Target | |',
      '| --- | ---: | ---: | ---: | --- |',
      verdict('jsonl', 'Export JSON Lines'),
      verdict('csv', 'Export CSV'),
      verdict('verify', 'Audit verify'),
      '',
      `- The log (written before the measurement in ${seconds(genSeconds)} s, not timed): ${int(generated.events)} events of ${clusters} cluster(s) from the real deciders ` +
        `(${int(generated.meetings)} meetings, ${int(generated.votes)} votes, ${int(generated.ballots)} ballots, ${int(generated.groups)} working groups), then one signed seal over its ${int(sealed.latest.seal.streams.length)} streams.`,
      `- The first JSON Lines export was checked offline with \`verifyExport\` (every hash and chain, the seal's root and signature): it holds. Every verify found nothing.`,
      `- Events per CPU second count the process's CPU time (all threads, garbage collection included) during the run: on a machine shared with other work it moves less than wall time; the target is judged on wall time.`,
      `- Each round ran raw readAll, a JSON Lines export, a CSV export and a verify, after one untimed readAll to warm the page cache. An export's events/s counts the events it wrote; the exports read the trail with the people as ids (the server adds names from its registry).`,
    ].join('\n');
    process.stdout.write(`\n${section}\n`);
    const doc = recordInBenchmarksDoc(section);
    if (doc) log(`Appended to ${doc}`);
  } finally {
    await store?.close();
    dir.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
