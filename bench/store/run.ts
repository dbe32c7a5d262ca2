/**
 * `npm run bench:store`: Klaster's SQLite event store against raw better-sqlite3 (same durability,
 * the physical limit) and Emmett's SQLite event store, in one run on this machine. Prints a markdown
 * section and appends it to docs/benchmarks.md.
 *
 * Environment:
 *   BENCH_SCALE=0.1            multiply every count (default 1: a few minutes on 2 cores)
 *   BENCH_ONE_WRITER, BENCH_WRITERS, BENCH_PER_WRITER, BENCH_BATCH_CALLS, BENCH_BATCH_SIZE,
 *   BENCH_PREFILL_STREAMS, BENCH_EVENTS_PER_STREAM, BENCH_READ_STREAMS   set one size
 *   BENCH_SUBJECTS=raw,klaster,emmett,emmettKept   BENCH_WORKLOADS=oneWriter,concurrent,...
 *   BENCH_REPEATS=3            rounds per workload; the median is reported (a run over 15 s is not repeated)
 *   BENCH_WARMUP=0             skip the warm-up pass
 *   BENCH_DOC=0                do not write docs/benchmarks.md (or BENCH_DOC=path/to/file.md)
 */
import { loadavg } from 'node:os';
import {
  makeEvent,
  makeEvents,
  Mutex,
  now,
  summarise,
  sizesFromEnv,
  tempStore,
  WARMUP_SIZES,
  type BenchEvent,
  type Sizes,
  type StoreHandle,
  type Subject,
  type WorkloadKey,
} from './common';
import { emmett, emmettKeptConnection, probeEmmettConcurrency } from './emmett';
import { klaster } from './klaster';
import { rawSqlite } from './raw-sqlite';
import { recordInBenchmarksDoc } from '../benchmarks-doc';
import { renderSection, type Measurement, type RunReport } from './report';

const ALL_SUBJECTS: Subject[] = [rawSqlite, klaster, emmett, emmettKeptConnection];
const ALL_WORKLOADS: WorkloadKey[] = ['oneWriter', 'concurrent', 'batch', 'readAll', 'readStream', 'catchUp'];

function listFromEnv<T extends string>(name: string, all: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...all];
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !all.includes(w as T));
  if (unknown.length) throw new Error(`${name}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return wanted as T[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function withStore<T>(subject: Subject, name: string, fn: (h: StoreHandle) => Promise<T>): Promise<T> {
  const temp = tempStore(`${subject.key}-${name}`);
  try {
    const handle = await subject.open(temp.path);
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  } finally {
    temp.dispose();
  }
}

async function expectCount(handle: StoreHandle, expected: number, what: string): Promise<void> {
  const actual = await handle.count();
  if (actual !== expected) throw new Error(`${what}: store holds ${actual} events, expected ${expected}`);
}

/**
 * Appends, retrying a failed call up to twice with the same expected revision. A retry is not
 * hidden: each one is counted and shown beside that subject's figures (Emmett's per-call connection
 * occasionally fails a commit with SQLITE_BUSY "SQL statements in progress").
 */
class Appender {
  retries = 0;
  readonly errors = new Set<string>();
  constructor(private readonly handle: StoreHandle) {}

  async append(streamId: string, expected: number, events: BenchEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle.append(streamId, expected, events);
        return;
      } catch (error) {
        if (attempt >= 2) throw error;
        this.retries++;
        this.errors.add(String((error as Error).message).split('\n')[0]);
      }
    }
  }

  note(m: Measurement): Measurement {
    if (this.retries > 0) m.retries = { count: this.retries, errors: [...this.errors] };
    return m;
  }
}

async function measure(fn: () => Promise<Measurement>): Promise<Measurement> {
  try {
    return await fn();
  } catch (error) {
    log(`      failed: ${(error as Error).stack ?? String(error)}`);
    return { events: 0, seconds: 0, error: String((error as Error).message ?? error).split('\n')[0] };
  }
}

/** What one run of an append workload also learns about the subject. */
interface AppendRun extends Measurement {
  durability?: string;
  groupCommit?: { transactions: number; appends: number };
}

/** One run of an append workload on a fresh store. */
function appendRun(subject: Subject, key: 'oneWriter' | 'concurrent' | 'batch', sizes: Sizes): Promise<AppendRun> {
  return withStore(subject, key, async (h): Promise<AppendRun> => {
    const appender = new Appender(h);
    const latencies: number[] = [];
    const before = h.stats?.();
    let events: number;
    let started: number;
    if (key === 'oneWriter') {
      events = sizes.oneWriter;
      started = now();
      for (let i = 0; i < events; i++) {
        const event = makeEvent(i);
        const t = now();
        await appender.append('ledger-one', i, [event]);
        latencies.push(now() - t);
      }
    } else if (key === 'batch') {
      const { batchCalls, batchSize } = sizes;
      events = batchCalls * batchSize;
      started = now();
      for (let c = 0; c < batchCalls; c++) {
        const batch = makeEvents(batchSize, c * batchSize);
        const t = now();
        await appender.append('ledger-batch', c * batchSize, batch);
        latencies.push(now() - t);
      }
    } else {
      const { writers, perWriter } = sizes;
      events = writers * perWriter;
      if (subject.concurrentMode === 'batched') {
        if (!h.appendAcross) throw new Error(`${subject.label} has no appendAcross for batched mode`);
        started = now();
        for (let r = 0; r < perWriter; r++) {
          const items = Array.from({ length: writers }, (_, w) => ({ streamId: `ledger-${w}`, expected: r, event: makeEvent(r * writers + w) }));
          const t = now();
          await h.appendAcross(items);
          latencies.push(now() - t);
        }
      } else {
        const mutex = subject.concurrentMode === 'serialised' ? new Mutex() : undefined;
        started = now();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) {
              const event = makeEvent(i * writers + w);
              const t = now();
              if (mutex) await mutex.run(() => appender.append(`ledger-${w}`, i, [event]));
              else await appender.append(`ledger-${w}`, i, [event]);
              latencies.push(now() - t);
            }
          }),
        );
      }
    }
    const seconds = (now() - started) / 1000;
    const after = h.stats?.();
    await expectCount(h, events, key);
    const run: AppendRun = appender.note({ events, seconds, latency: summarise(latencies) });
    if (key === 'oneWriter') run.durability = await h.durability();
    if (before && after) run.groupCommit = { transactions: after.transactions - before.transactions, appends: after.appends - before.appends };
    return run;
  });
}

interface Prefilled {
  handle: StoreHandle;
  dispose(): Promise<void>;
}

/** A store holding prefillStreams × eventsPerStream events, written through the subject's own appends (not timed). */
async function prefill(subject: Subject, sizes: Sizes, verbose: boolean): Promise<Prefilled> {
  const temp = tempStore(`${subject.key}-read`);
  let handle: StoreHandle;
  try {
    handle = await subject.open(temp.path);
  } catch (error) {
    temp.dispose();
    throw error;
  }
  const dispose = async () => {
    await handle.close();
    temp.dispose();
  };
  try {
    const { prefillStreams, eventsPerStream } = sizes;
    const started = now();
    const filler = new Appender(handle);
    for (let s = 0; s < prefillStreams; s++) await filler.append(`ledger-${s}`, 0, makeEvents(eventsPerStream, s * eventsPerStream));
    await expectCount(handle, prefillStreams * eventsPerStream, 'prefill');
    if (verbose) {
      log(`    ${subject.label}: prefilled ${(prefillStreams * eventsPerStream).toLocaleString('en-US')} events in ${((now() - started) / 1000).toFixed(1)} s (not timed)`);
    }
    return { handle, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** One run of a read workload over a prefilled store. */
async function readRun(h: StoreHandle, key: 'readAll' | 'readStream' | 'catchUp', sizes: Sizes): Promise<Measurement> {
  const { prefillStreams, eventsPerStream, readStreams } = sizes;
  const M = prefillStreams * eventsPerStream;
  let expected = M;
  let n = 0;
  let started: number;
  if (key === 'readAll') {
    started = now();
    n = await h.readAll();
  } else if (key === 'catchUp') {
    if (!h.catchUp) throw new Error('no subscription or consumer');
    started = now();
    n = await h.catchUp();
  } else {
    const count = Math.min(readStreams, prefillStreams);
    const step = Math.max(1, Math.floor(prefillStreams / count));
    expected = count * eventsPerStream;
    started = now();
    for (let i = 0; i < count; i++) n += await h.readStream(`ledger-${(i * step) % prefillStreams}`);
  }
  const seconds = (now() - started) / 1000;
  if (n !== expected) throw new Error(`${key} delivered ${n} events, expected ${expected}`);
  return { events: n, seconds };
}

/** A run longer than this is not repeated (Emmett's slow workloads would otherwise dominate the bench). */
const REPEAT_ONLY_UNDER_SECONDS = 15;

const rateOf = (m: Measurement) => (m.error ? -1 : m.events / m.seconds);

function describe(m: Measurement): string {
  if (m.error) return `failed: ${m.error}`;
  const lat = m.latency ? ` (p50 ${m.latency.p50.toFixed(2)} ms, p99 ${m.latency.p99.toFixed(2)} ms)` : '';
  const retried = m.retries ? ` — ${m.retries.count} appends retried: ${m.retries.errors.join(' | ')}` : '';
  return `${Math.round(rateOf(m)).toLocaleString('en-US')} events/s${lat} [${m.events} events in ${m.seconds.toFixed(2)} s]${retried}`;
}

/** The median run by throughput (the lower middle for an even count); any failure wins. */
function pickMedian<T extends Measurement>(runs: T[]): T {
  const failed = runs.find((m) => m.error);
  if (failed) return failed;
  const sorted = [...runs].sort((a, b) => rateOf(a) - rateOf(b));
  const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...chosen, runs: runs.map(rateOf) };
}

/**
 * Runs one workload in rounds: in each round every subject runs it once, the order rotating, so
 * that the baselines and Klaster see the same moments of a noisy disk.
 */
async function rounds<T extends Measurement>(
  subjects: Subject[],
  key: WorkloadKey,
  repeats: number,
  verbose: boolean,
  runOnce: (subject: Subject) => Promise<T>,
): Promise<Map<Subject, T>> {
  const runs = new Map<Subject, T[]>();
  const eligible = subjects.filter((s) => !s.skip?.includes(key));
  for (let round = 0; round < repeats; round++) {
    const order = eligible.map((_, i) => eligible[(i + round) % eligible.length]);
    for (const subject of order) {
      const previous = runs.get(subject) ?? [];
      if (previous.some((m) => m.error || m.seconds > REPEAT_ONLY_UNDER_SECONDS)) continue;
      const m = (await measure(() => runOnce(subject))) as T;
      previous.push(m);
      runs.set(subject, previous);
      if (verbose) log(`    ${key} · ${subject.label} · round ${round + 1}: ${describe(m)}`);
    }
  }
  return new Map([...runs].map(([subject, ms]) => [subject, pickMedian(ms)]));
}

/** Every workload once at tiny sizes, results discarded: JIT, module loading and caches. */
async function warmUp(subject: Subject, workloads: WorkloadKey[]): Promise<void> {
  const todo = workloads.filter((w) => !subject.skip?.includes(w));
  for (const key of ['oneWriter', 'concurrent', 'batch'] as const) {
    if (todo.includes(key)) await measure(() => appendRun(subject, key, WARMUP_SIZES));
  }
  const reads = (['readAll', 'readStream', 'catchUp'] as const).filter((k) => todo.includes(k));
  if (!reads.length) return;
  const store = await prefill(subject, WARMUP_SIZES, false);
  try {
    for (const key of reads) await measure(() => readRun(store.handle, key, WARMUP_SIZES));
  } finally {
    await store.dispose();
  }
}

/**
 * node-sqlite3 reports the failure of a call made without a callback as an 'error' event on its
 * Database object; with no listener that is an uncaught exception. Emmett opens a connection per
 * call, runs `PRAGMA journal_mode = WAL` and `close()` without callbacks, so such an event can arrive
 * at any moment and would end the process. Emmett is the only subject on node-sqlite3 (Klaster and
 * raw run on better-sqlite3, whose errors are thrown synchronously as SqliteError), so these are
 * counted against Emmett and reported; anything else still ends the run.
 */
const strayEmmettErrors: string[] = [];
process.on('uncaughtException', (error: Error & { code?: unknown }) => {
  if (typeof error?.code === 'string' && error.code.startsWith('SQLITE_') && error.constructor?.name !== 'SqliteError') {
    strayEmmettErrors.push(String(error.message));
    log(`    [node-sqlite3 'error' event with no listener] ${error.message}`);
    return;
  }
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = now();
  const sizes = sizesFromEnv();
  const subjectKeys = listFromEnv('BENCH_SUBJECTS', ALL_SUBJECTS.map((s) => s.key));
  const subjects = ALL_SUBJECTS.filter((s) => subjectKeys.includes(s.key));
  const workloads = listFromEnv('BENCH_WORKLOADS', ALL_WORKLOADS);
  const warmup = process.env.BENCH_WARMUP !== '0';
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`BENCH_REPEATS must be a positive integer, got ${process.env.BENCH_REPEATS}`);

  log(`bench:store — subjects ${subjects.map((s) => s.key).join(', ')}; sizes ${JSON.stringify(sizes)}`);
  const report: RunReport = {
    startedAt,
    seconds: 0,
    load: { start: loadavg()[0], end: 0 },
    sizes,
    sqlite: {},
    durability: {},
    results: {},
    labels: Object.fromEntries(ALL_SUBJECTS.map((s) => [s.key, s.label])),
    repeats,
    repeatOnlyUnderSeconds: REPEAT_ONLY_UNDER_SECONDS,
  };

  // A subject's own console.log (Emmett logs every failed transaction) goes to stderr, one line each,
  // so that stdout carries only the report.
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => log(`    [console.log] ${String(args[0]).split('\n')[0]}`);

  for (const subject of subjects) {
    report.sqlite[subject.key] = await subject.sqliteVersion();
    report.results[subject.key] = {};
  }
  if (warmup) {
    for (const subject of subjects) {
      log(`${subject.label}: warm-up`);
      await warmUp(subject, workloads);
    }
  }

  for (const key of ['oneWriter', 'concurrent', 'batch'] as const) {
    if (!workloads.includes(key)) continue;
    log(`${key}: measuring`);
    const medians = await rounds(subjects, key, repeats, true, (subject) => appendRun(subject, key, sizes));
    for (const [subject, m] of medians) {
      const { durability, groupCommit, ...measurement } = m;
      report.results[subject.key][key] = measurement;
      if (durability) report.durability[subject.key] = durability;
      if (subject.key === 'klaster' && key === 'concurrent' && groupCommit) report.klasterGroupCommit = groupCommit;
    }
  }

  const readKeys = (['readAll', 'readStream', 'catchUp'] as const).filter((k) => workloads.includes(k));
  const readers = subjects.filter((s) => readKeys.some((k) => !s.skip?.includes(k)));
  if (readKeys.length && readers.length) {
    log('reads: prefilling one store per subject');
    const stores = new Map<Subject, Prefilled>();
    try {
      for (const subject of readers) {
        try {
          stores.set(subject, await prefill(subject, sizes, true));
        } catch (error) {
          log(`    ${subject.label}: prefill failed: ${(error as Error).stack ?? String(error)}`);
          for (const k of readKeys) report.results[subject.key][k] = { events: 0, seconds: 0, error: `prefill failed: ${(error as Error).message}` };
        }
      }
      for (const key of readKeys) {
        log(`${key}: measuring`);
        const medians = await rounds([...stores.keys()], key, repeats, true, (subject) => readRun(stores.get(subject)!.handle, key, sizes));
        for (const [subject, m] of medians) report.results[subject.key][key] = m;
      }
    } finally {
      for (const store of stores.values()) await store.dispose();
    }
  }

  if (subjects.includes(emmett) && workloads.includes('concurrent')) {
    log('Emmett: concurrency probe (8 writers × 3 appends on one store instance, at most 30 s)');
    const temp = tempStore('emmett-probe');
    try {
      const probe = await probeEmmettConcurrency(temp.path, 8, 3, 30_000);
      report.emmettProbe = { writers: 8, appendsPerWriter: 3, ...probe };
      log(`    ${probe.ok} ok, ${probe.failed} failed in ${probe.seconds.toFixed(1)} s: ${probe.errors.join(' | ')}`);
    } catch (error) {
      log(`    probe failed: ${(error as Error).message}`);
    } finally {
      // Let the closes Emmett started without callbacks settle before the file goes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      temp.dispose();
    }
  }

  console.log = consoleLog;
  if (strayEmmettErrors.length) report.emmettStrayErrors = strayEmmettErrors;
  report.seconds = (now() - t0) / 1000;
  report.load.end = loadavg()[0];
  const section = renderSection(report);
  process.stdout.write(`\n${section}\n`);
  const doc = recordInBenchmarksDoc(section);
  if (doc) log(`Appended to ${doc}`);
}

main().then(
  // Emmett's failed probe can leave sqlite3 handles open; they must not keep the process alive.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
