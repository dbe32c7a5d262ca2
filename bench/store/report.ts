/** Turns one run's measurements into markdown and appends it to docs/benchmarks.md. */
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem, type as osType, arch } from 'node:os';
import { join } from 'node:path';
import type { LatencySummary, Sizes, WorkloadKey } from './common';

export interface Measurement {
  events: number;
  seconds: number;
  latency?: LatencySummary;
  error?: string;
  /** events/s of every run when the workload was repeated; the figures shown are the median run's. */
  runs?: number[];
  /** Appends that failed and were retried (same expected revision), counted in the time. */
  retries?: { count: number; errors: string[] };
}

export type SubjectResults = Partial<Record<WorkloadKey, Measurement>>;

export interface RunReport {
  startedAt: Date;
  seconds: number;
  /** os.loadavg()[0] at the start and the end: other work on the machine skews every figure. */
  load: { start: number; end: number };
  sizes: Sizes;
  sqlite: Record<string, string>;
  durability: Record<string, string>;
  results: Record<string, SubjectResults>;
  labels: Record<string, string>;
  repeats: number;
  repeatOnlyUnderSeconds: number;
  klasterGroupCommit?: { transactions: number; appends: number };
  /** node-sqlite3 'error' events with no listener raised from Emmett's connections during the run. */
  emmettStrayErrors?: string[];
  emmettProbe?: { writers: number; appendsPerWriter: number; ok: number; failed: number; errors: string[]; seconds: number; timedOut: boolean };
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '?';
  }
}

const FS_TYPES: Record<number, string> = {
  0xef53: 'ext4',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlayfs',
  0x9123683e: 'btrfs',
  0x58465342: 'xfs',
  0x2fc12fc1: 'zfs',
};

function tmpFilesystem(): string {
  try {
    const type = statfsSync(tmpdir()).type;
    return FS_TYPES[type] ?? `fs type 0x${type.toString(16)}`;
  } catch {
    return 'unknown fs';
  }
}

export function machineDescription(sqlite: Record<string, string>): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osType()} ${release()} ${arch()}; temp files in ${tmpdir()} (${tmpFilesystem()})`,
    `- Node ${process.version}; better-sqlite3 ${packageVersion('better-sqlite3')} (SQLite ${sqlite.klaster ?? sqlite.raw ?? '?'}) for Klaster and raw; ` +
      `sqlite3 ${packageVersion('sqlite3')} (SQLite ${sqlite.emmett ?? '?'}) for Emmett ${packageVersion('@event-driven-io/emmett-sqlite')}`,
  ];
}

const SHORT: Record<string, string> = { raw: 'raw', klaster: 'Klaster', emmett: 'Emmett', emmettKept: 'Emmett on a kept connection' };

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());

export function rate(m: Measurement | undefined): number | undefined {
  if (!m || m.error || m.seconds <= 0) return undefined;
  return m.events / m.seconds;
}

function rateCell(m: Measurement | undefined, mark = ''): string {
  if (!m) return 'n/a';
  if (m.error) return `failed${mark}`;
  return `${int(rate(m)!)}${mark}`;
}

function latencyCell(m: Measurement | undefined): string {
  if (!m || m.error || !m.latency) return m?.error ? '—' : 'n/a';
  return `${ms(m.latency.p50)} / ${ms(m.latency.p99)}`;
}

function ratio(a: number | undefined, b: number | undefined, suffix = ''): string {
  if (a === undefined || b === undefined || b === 0) return 'n/a';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}${suffix}`;
}

interface RatioLine {
  label: string;
  value: number | undefined;
  target: number;
  suffix: string;
}

export function ratioLines(r: RunReport): RatioLine[] {
  const k = r.results.klaster ?? {};
  const raw = r.results.raw ?? {};
  const em = r.results.emmett ?? {};
  return [
    { label: 'Klaster 64-writer durable events/s ÷ raw batched insert (64 events/txn)', value: div(rate(k.concurrent), rate(raw.concurrent)), target: 0.8, suffix: '' },
    { label: 'Klaster ÷ Emmett, durable appends, 1 writer', value: div(rate(k.oneWriter), rate(em.oneWriter)), target: 2, suffix: '×' },
    { label: 'Klaster ÷ Emmett, durable appends, 64 writers', value: div(rate(k.concurrent), rate(em.concurrent)), target: 2, suffix: '×' },
    { label: 'Klaster ÷ Emmett, batch appends (100/call)', value: div(rate(k.batch), rate(em.batch)), target: 2, suffix: '×' },
    { label: 'Klaster ÷ Emmett, readAll', value: div(rate(k.readAll), rate(em.readAll)), target: 2, suffix: '×' },
    { label: 'Klaster ÷ Emmett, subscription catch-up', value: div(rate(k.catchUp), rate(em.catchUp)), target: 2, suffix: '×' },
    { label: 'Klaster ÷ Emmett, readStream', value: div(rate(k.readStream), rate(em.readStream)), target: 2, suffix: '×' },
  ];
}

function div(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

export function renderSection(r: RunReport): string {
  const s = r.sizes;
  const M = s.prefillStreams * s.eventsPerStream;
  const k = r.results.klaster ?? {};
  const raw = r.results.raw ?? {};
  const em = r.results.emmett ?? {};
  const kept = r.results.emmettKept;
  const rows: [string, keyof SubjectResults, boolean, Record<string, string>][] = [
    [`Durable appends, 1 writer (${int(s.oneWriter)} × 1 event, exact expected revision)`, 'oneWriter', true, {}],
    [`Durable appends, ${s.writers} concurrent writers (${s.writers} × ${int(s.perWriter)} × 1 event, own stream each)`, 'concurrent', true, { raw: ' ¹', emmett: ' ²' }],
    [`Batch appends (${int(s.batchCalls)} calls × ${s.batchSize} events)`, 'batch', false, {}],
    [`readAll over ${int(M)} events (${int(s.prefillStreams)} streams)`, 'readAll', false, { emmett: ' ³' }],
    [`readStream, ${int(s.readStreams)} streams × ${s.eventsPerStream} events`, 'readStream', false, {}],
    [`Subscription catch-up from START over ${int(M)} events`, 'catchUp', false, { raw: ' ⁴', emmett: ' ⁵' }],
  ];
  const lines: string[] = [];
  lines.push(`## Event store — ${r.startedAt.toISOString()}`, '');
  lines.push(
    'Measured by `npm run bench:store` (bench/store): the Klaster SQLite event store against raw better-sqlite3 on a minimal ' +
      "events table at the same durability (the physical limit) and Emmett's SQLite event store, all in one process on this machine.",
    '',
  );
  lines.push(...machineDescription(r.sqlite));
  lines.push(
    `- Run: ${Math.round(r.seconds)} s in one process. After a small warm-up pass per subject, each workload ran in ${r.repeats} rounds, ` +
      `every subject once per round in rotating order; each figure is the median run (a run longer than ${r.repeatOnlyUnderSeconds} s was not repeated). ` +
      'Append runs each used a fresh temp file; the reads used one prefilled file per subject; all deleted afterwards.',
  );
  lines.push(
    `- 1-minute load average ${r.load.start.toFixed(2)} at the start, ${r.load.end.toFixed(2)} at the end (${cpus().length} cores; above that, other work competed with the bench).`,
  );
  lines.push('- Durability as read back from each writing connection:');
  for (const key of ['klaster', 'raw', 'emmett']) {
    if (r.durability[key]) lines.push(`  - ${r.labels[key]}: ${r.durability[key]}`);
  }
  lines.push('');
  lines.push('| Workload | Raw better-sqlite3 | Klaster | Emmett | Klaster ÷ raw | Klaster ÷ Emmett |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [label, key, withLatency, marks] of rows) {
    lines.push(
      `| ${label} — events/s | ${rateCell(raw[key], marks.raw)} | ${rateCell(k[key])} | ${rateCell(em[key], marks.emmett)} | ` +
        `${ratio(rate(k[key]), rate(raw[key]))} | ${ratio(rate(k[key]), rate(em[key]), '×')} |`,
    );
    if (withLatency) {
      lines.push(`| ↳ latency p50 / p99, ms | ${latencyCell(raw[key])} | ${latencyCell(k[key])} | ${latencyCell(em[key])} | | |`);
    }
  }
  lines.push('');
  lines.push(
    `¹ Raw "64 writers" is the batched-insert limit: ${s.writers} events (one per stream) per transaction, ${int(s.perWriter)} transactions; latency is per transaction.`,
  );
  const probe = r.emmettProbe;
  lines.push(
    `² Emmett's store instance cannot take concurrent appends (with a file it opens a connection per call into one shared variable and the first call to finish closes it)` +
      (probe
        ? `: in this run ${probe.writers} concurrent writers × ${probe.appendsPerWriter} appends on one instance gave ${probe.ok} successes and ${probe.failed} failures` +
          (probe.errors.length ? ` (${probe.errors.map((e) => `\`${e}\``).join(', ')})` : '') +
          ` in ${probe.seconds.toFixed(1)} s${probe.timedOut ? ', and had not finished when the probe gave up' : ''}`
        : '') +
      `. So its ${s.writers} writers go through an application-level mutex; latency includes the wait for it.`,
  );
  lines.push(
    `³ Emmett's EventStore has no readAll: measured with the package's exported \`readMessagesBatch(connection, { after, batchSize: 1000 })\` (the primitive its consumer pulls with) on one kept connection.`,
  );
  lines.push('⁴ Raw catch-up: keyset pages of 1,000 (`position > last ORDER BY position LIMIT 1000`), decoding each row.');
  lines.push(
    `⁵ Emmett catch-up: \`store.consumer({ pulling: { batchSize: 1000, pullingFrequencyInMs: 0 } })\` with one processor from BEGINNING that stops after the last event; ` +
      'its processor writes a checkpoint per message (one transaction per batch). Its default pulling (100 per batch, 50 ms apart) would be far slower.',
  );
  lines.push(
    'All subjects decode what they read (JSON.parse of data and metadata). Klaster additionally validates every append (zod), chains each event to its stream with a sha256 hash over its canonical JSON, and reads the last event of the stream (expected revision, chain link, idempotent retries: a retry is recognised per stream, as in EventStoreDB; schema 2, no log-wide event-id index).',
  );
  lines.push('');
  if (r.klasterGroupCommit) {
    const g = r.klasterGroupCommit;
    lines.push(
      `Klaster group commit during the ${s.writers}-writer run: ${int(g.appends)} appends in ${int(g.transactions)} transactions (${(g.appends / Math.max(1, g.transactions)).toFixed(1)} appends per fsync).`,
    );
  }
  if (kept) {
    lines.push(
      `Emmett without its per-call connection (its schema-level \`appendToStream(connection, …)\` on one kept connection): ` +
        `1 writer ${rateCell(kept.oneWriter)} events/s (p50 / p99 ${latencyCell(kept.oneWriter)} ms), batch ${rateCell(kept.batch)} events/s; ` +
        `Klaster ÷ that: ${ratio(rate(k.oneWriter), rate(kept.oneWriter), '×')} and ${ratio(rate(k.batch), rate(kept.batch), '×')}.`,
    );
  }
  const failures = Object.entries(r.results).flatMap(([subject, res]) =>
    Object.entries(res)
      .filter(([, m]) => m?.error)
      .map(([w, m]) => `${r.labels[subject]} / ${w}: ${m!.error}`),
  );
  if (failures.length) lines.push('', 'Failures:', ...failures.map((f) => `- ${f}`));
  if (r.emmettStrayErrors?.length) {
    const distinct = [...new Set(r.emmettStrayErrors)];
    lines.push(
      '',
      `Emmett raised ${r.emmettStrayErrors.length} unhandled node-sqlite3 'error' event(s) during the run (${distinct.map((e) => `\`${e}\``).join(', ')}): ` +
        'it opens a connection per call and runs `PRAGMA journal_mode = WAL` and `close()` without callbacks, so a failure there is an uncaught exception ' +
        'that would end a host process; the bench caught them at process level and went on.',
    );
  }
  const retried = Object.entries(r.results).flatMap(([subject, res]) =>
    Object.entries(res)
      .filter(([, m]) => m?.retries)
      .map(([w, m]) => `${r.labels[subject]} / ${w}: ${m!.retries!.count} appends failed and were retried (time included): ${m!.retries!.errors.map((e) => `\`${e}\``).join(', ')}`),
  );
  if (retried.length) lines.push('', 'Retried appends:', ...retried.map((f) => `- ${f}`));
  lines.push('', `All runs, events/s (rounds in order; the median is in the table):`, '');
  for (const [label, key] of rows) {
    const cells = ['raw', 'klaster', 'emmett', 'emmettKept']
      .filter((subject) => r.results[subject]?.[key])
      .map((subject) => {
        const m = r.results[subject][key]!;
        const runs = m.error ? 'failed' : (m.runs ?? [rate(m)!]).map((x) => int(x)).join(' / ');
        return `${SHORT[subject]} ${runs}`;
      });
    if (cells.length) lines.push(`- ${label.split(' (')[0]}: ${cells.join(' · ')}`);
  }
  lines.push('', '### Ratios asked for', '', '| Ratio (same run) | Measured | Target | |', '| --- | ---: | ---: | --- |');
  for (const line of ratioLines(r)) {
    const value = line.value === undefined ? 'n/a' : `${line.value >= 10 ? line.value.toFixed(1) : line.value.toFixed(2)}${line.suffix}`;
    const verdict = line.value === undefined ? '—' : line.value >= line.target ? 'met' : '**missed**';
    lines.push(`| ${line.label} | ${value} | ≥ ${line.target}${line.suffix} | ${verdict} |`);
  }
  lines.push('');
  return lines.join('\n');
}

