/**
 * `npm run bench:scale`: how Klaster on the embedded store grows with its log. At each size (default
 * 1M, 3M and 10M events) a log is written by the real deciders — a national network of 10,000
 * clusters holding meetings, votes and working groups (bench/live/governance-log.ts), plus one
 * cluster whose own stream holds 10,000 events (big-cluster.ts) — and then:
 *
 * - raw `readAll` over the log (the floor) and `rebuildReadModels` into the server's read-model file
 *   (as `projections rebuild` does); their ratio;
 * - the real server (a child process, `dist/`) started on that data folder: start-up time (spawn to
 *   listening, and to the first answered read), resident memory after start;
 * - on the 10,000-event cluster: p99 of a read, of a command (a representative changes; the first,
 *   cold one reported apart) and of an `asOf` read (a day drawn from its history);
 * - a read of every cluster (as its coordinator), its p99, and resident memory after.
 *
 * Appends a growth table and a plot (docs/benchmarks-scale.png, Chart.js drawn in Debian's Chromium
 * through playwright-core) to docs/benchmarks.md.
 *
 * Environment:
 *   BENCH_SCALE_EVENTS=1000000,3000000,10000000   sizes, ascending
 *   BENCH_SCALE_CLUSTERS=10000                     clusters in the network
 *   BENCH_SCALE_BIG=10000                          events of the long cluster's stream
 *   BENCH_SCALE_SAMPLES=200                        reads / commands / asOf reads measured on it
 *   BENCH_SCALE_CACHE=dir                          keep generated logs there and reuse them; keep there too, per size,
 *                                                  the data folder as the first start left it (read models rebuilt,
 *                                                  the log's hashes checked): a later run copies it and measures from
 *                                                  the restart on, reporting the rebuild and first start as cached
 *   BENCH_SCALE_GENERATE_ONLY=1                    only write the logs into BENCH_SCALE_CACHE (ahead of a run)
 *   BENCH_SCALE_PREPARE_ONLY=1                     only make each size's data folder (log, rebuild, first start) into
 *                                                  BENCH_SCALE_CACHE, ahead of a run that then measures from the restart
 *   BENCH_SCALE_PROFILE=dir                        the measured (restarted) server writes a V8 CPU profile there (--cpu-prof)
 *   BENCH_TMPDIR=dir                               where the data folders go
 *   BENCH_SKIP_BUILD=1, BENCH_DOC=0|path           as the other benchmarks
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { mintToken } from '@klaster/identity';
import { SqliteEventStore } from '@klaster/event-store';
import { READ_MODELS_LAYOUT, ReadModelStore, readModels, rebuildReadModels } from '@klaster/projections';
import { build, freePort, startServerChild } from '../api/server-process';
import { processRssMiB } from '../live/socket-fleet';
import { int, log, seededRandom, tempDir } from '../live/common';
import { generateGovernanceLog } from '../live/governance-log';
import { recordInBenchmarksDoc } from '../benchmarks-doc';
import { writeBigCluster, type BigCluster } from './big-cluster';
import { plotGrowth } from './plot';
import { heapAfterGcMiB } from './heap-after-gc';

const ROOT = resolve(__dirname, '..', '..');
const BIG_ID = 'dluga-historia';
const GENERATOR_VERSION = 1;
/**
 * The cached data folders (BENCH_SCALE_CACHE) hold what the server wrote at its first start: bump this
 * when the server's files beside the log change format (the read models' layout is in the name already).
 */
const DATA_FOLDER_VERSION = 1;

const now = () => performance.now();
function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => Number(s.trim().replace(/_/g, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
const num = (name: string, fallback: number) => list(name, String(fallback))[0] ?? fallback;
const fileMiB = (path: string) => ['', '-wal'].reduce((s, x) => s + (existsSync(path + x) ? statSync(path + x).size : 0), 0) / 2 ** 20;

interface LogInfo {
  events: number;
  clusters: number;
  generateSeconds: number;
  readers: Record<string, string>;
  big: BigCluster;
  cached: boolean;
}

/** Writes the log of `size` events into dataDir/events.sqlite, or copies a cached one. */
async function prepareLog(dataDir: string, size: number, clusters: number, bigEvents: number): Promise<LogInfo> {
  const path = join(dataDir, 'events.sqlite');
  const cacheDir = process.env.BENCH_SCALE_CACHE;
  const cached = cacheDir && join(cacheDir, `scale-log-v${GENERATOR_VERSION}-${size}-${clusters}-${bigEvents}`);
  if (cached && existsSync(`${cached}.sqlite`) && existsSync(`${cached}.json`)) {
    log(`reusing the log cached in ${cached}.sqlite`);
    copyFileSync(`${cached}.sqlite`, path);
    return { ...(JSON.parse(readFileSync(`${cached}.json`, 'utf8')) as LogInfo), cached: true };
  }
  log(`writing ${int(size)} events through the deciders (${int(clusters)} clusters and one of ${int(bigEvents)} events) …`);
  const started = now();
  const store = SqliteEventStore.open({ path });
  let info: LogInfo;
  try {
    const big = await writeBigCluster(store, BIG_ID, bigEvents);
    const generated = await generateGovernanceLog(store, size - big.events, {
      clusters,
      concurrentMeetings: 16,
      onProgress: (n) => log(`    ${int(n + big.events)} events, ${int((n + big.events) / ((now() - started) / 1000))} events/s`),
    });
    info = { events: generated.events + big.events, clusters: generated.clusters + 1, generateSeconds: (now() - started) / 1000, readers: generated.readers, big, cached: false };
  } finally {
    await store.close();
  }
  log(`    ${int(info.events)} events in ${info.generateSeconds.toFixed(0)} s`);
  if (cached) {
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(path, `${cached}.sqlite`);
    writeFileSync(`${cached}.json`, JSON.stringify(info));
  }
  return info;
}

/** What the first start of a size left behind, kept with its data folder so a later run can start from there. */
interface FolderRecord {
  info: LogInfo;
  secret: string;
  rawRate: number;
  rebuildRate: number;
  firstStartSeconds: number;
  firstSettledSeconds: number;
  readModelsMiB: number;
  /** When the folder was made (ISO), and the load average (1 min) when its first start ended. */
  madeAt: string;
  loadWhenMade: number;
}

/** Where a size's data folder is cached (BENCH_SCALE_CACHE), or undefined without a cache. */
function folderCache(size: number, clusters: number, bigEvents: number): { dir: string; record: string } | undefined {
  const cacheDir = process.env.BENCH_SCALE_CACHE;
  if (!cacheDir) return undefined;
  const name = `scale-data-v${GENERATOR_VERSION}.${DATA_FOLDER_VERSION}-layout${READ_MODELS_LAYOUT}-${size}-${clusters}-${bigEvents}`;
  return { dir: join(cacheDir, name), record: join(cacheDir, `${name}.json`) };
}

interface SizeReport {
  events: number;
  /** The rebuild, raw readAll and first start were not run: their figures are the cached folder's (made at `setupMadeAt`). */
  setupCached: boolean;
  setupMadeAt: string;
  setupLoad: number;
  logMiB: number;
  readModelsMiB: number;
  generateSeconds: number;
  rawRate: number;
  rebuildRate: number;
  /** The first start after the offline rebuild (it checks the whole log's hash chain once): to listening, and to the first read. */
  firstStartSeconds: number;
  firstSettledSeconds: number;
  startSeconds: number;
  firstReadSeconds: number;
  rssAfterStart: number;
  rssAfterReads: number;
  /** The same after a forced full GC (V8 inspector). */
  rssAfterReadsGc: number;
  /** The live JS heap after a forced full GC (V8 inspector), MiB. */
  heapAfterStart: number;
  heapAfterReads: number;
  clusterReads: number;
  clusterReadP99: number;
  bigReadP99: number;
  commandColdMs: number;
  commandP99: number;
  asOfP99: number;
  asOfP50: number;
  /** The first asOf read (it indexes the long stream and takes its snapshots). */
  asOfColdMs: number;
  refused: number;
}

/**
 * A size's data folder made from scratch: the log (generated, or copied from the cache), raw readAll
 * (the floor) and the offline rebuild over it in this process, then the server's first start on the
 * folder, which checks the hash chain of every event it has not verified yet (the whole log, once)
 * and lets the reactor catch up.
 */
async function firstSetup(dataDir: string, size: number, clusters: number, bigEvents: number): Promise<FolderRecord> {
  const info = await prepareLog(dataDir, size, clusters, bigEvents);
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  let rawRate: number;
  let rebuildRate: number;
  try {
    let t = now();
    let n = 0;
    for await (const event of store.readAll()) if (event) n++;
    rawRate = n / ((now() - t) / 1000);
    log(`raw readAll: ${int(rawRate)} events/s over ${int(n)}`);
    const models = new ReadModelStore(join(dataDir, 'read-models.sqlite'), { exclusive: true });
    try {
      t = now();
      const result = await rebuildReadModels(store, models, readModels);
      rebuildRate = result.events / ((now() - t) / 1000);
      log(`rebuild: ${int(rebuildRate)} events/s`);
    } finally {
      models.close();
    }
  } finally {
    await store.close();
  }
  const secret = randomBytes(32).toString('hex');
  const t0 = now();
  const firstServer = await startServerChild({ cwd: ROOT, secret, dataDir, log, readyTimeoutMs: 3_600_000 });
  const firstStartSeconds = (now() - t0) / 1000;
  let firstSettledSeconds: number;
  try {
    for (;;) {
      const r = await fetch(`${firstServer.url}/api/clusters/${BIG_ID}`, { headers: { authorization: `Bearer ${await mintToken(secret, info.big.coordinator)}` } });
      if (r.status === 200) break;
      await new Promise((w) => setTimeout(w, 200));
    }
    firstSettledSeconds = (now() - t0) / 1000;
  } finally {
    await firstServer.stop();
  }
  log(`first start: listening after ${firstStartSeconds.toFixed(1)} s (the whole log's hash chain checked once), first read after ${firstSettledSeconds.toFixed(1)} s`);
  return { info, secret, rawRate, rebuildRate, firstStartSeconds, firstSettledSeconds, readModelsMiB: fileMiB(join(dataDir, 'read-models.sqlite')), madeAt: new Date().toISOString(), loadWhenMade: loadavg()[0] };
}

/** Copies a data folder as its first start left it into the cache, with its record. */
function keepFolder(cache: { dir: string; record: string }, dataDir: string, setup: FolderRecord): void {
  log(`keeping the data folder in ${cache.dir} …`);
  rmSync(`${cache.dir}.partial`, { recursive: true, force: true });
  cpSync(dataDir, `${cache.dir}.partial`, { recursive: true });
  renameSync(`${cache.dir}.partial`, cache.dir);
  writeFileSync(cache.record, JSON.stringify(setup));
}

async function measureSize(size: number, clusters: number, bigEvents: number, samples: number): Promise<SizeReport> {
  const dir = tempDir(`scale-${size}`);
  try {
    const cache = folderCache(size, clusters, bigEvents);
    const eventsPath = join(dir.path, 'events.sqlite');
    let setup: FolderRecord;
    let setupCached = false;
    if (cache && existsSync(cache.record) && existsSync(cache.dir)) {
      setup = JSON.parse(readFileSync(cache.record, 'utf8')) as FolderRecord;
      log(`reusing the data folder cached in ${cache.dir} (made ${setup.madeAt}): no generation, rebuild or first start; their figures are that run's`);
      cpSync(cache.dir, dir.path, { recursive: true });
      setupCached = true;
    } else {
      setup = await firstSetup(dir.path, size, clusters, bigEvents);
      if (cache) keepFolder(cache, dir.path, setup);
    }
    const { info, secret, rawRate, rebuildRate, firstStartSeconds, firstSettledSeconds } = setup;

    // The restart is what every later start costs: everything resumes from its checkpoint.
    const t0 = now();
    const profileDir = process.env.BENCH_SCALE_PROFILE;
    // The inspector (loopback only) lets the bench read the heap after a forced GC.
    const inspectPort = await freePort();
    const nodeArgs = [`--inspect=127.0.0.1:${inspectPort}`, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=server-${size}.cpuprofile`] : [])];
    const server = await startServerChild({ cwd: ROOT, secret, dataDir: dir.path, log, readyTimeoutMs: 600_000, nodeArgs });
    const startSeconds = (now() - t0) / 1000;
    const tokens = new Map<string, string>();
    const token = async (person: string) => tokens.get(person) ?? (tokens.set(person, await mintToken(secret, person, { ttl: '24h' })), tokens.get(person)!);
    const timed = async (method: string, path: string, person: string, body?: unknown) => {
      const auth = await token(person);
      const t = now();
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, ms: now() - t, text };
    };
    try {
      const first = await timed('GET', `/api/clusters/${BIG_ID}`, info.big.coordinator);
      if (first.status !== 200) throw new Error(`first read: ${first.status} ${first.text}`);
      const firstReadSeconds = (now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 2_000));
      const rssAfterStart = processRssMiB(server.pid);
      const heapAfterStart = await heapAfterGcMiB(inspectPort);
      log(`server up in ${startSeconds.toFixed(2)} s (first read ${firstReadSeconds.toFixed(2)} s), RSS ${rssAfterStart.toFixed(0)} MiB, heap after GC ${heapAfterStart.toFixed(0)} MiB`);

      // The long cluster: reads, commands, asOf reads.
      const bigReads: number[] = [];
      for (let i = 0; i < samples; i++) {
        const r = await timed('GET', `/api/clusters/${BIG_ID}`, info.big.coordinator);
        if (r.status !== 200) throw new Error(`read: ${r.status} ${r.text}`);
        bigReads.push(r.ms);
      }
      const commands: number[] = [];
      let refused = 0;
      const people = { ...info.big.representatives };
      const members = Object.keys(people).filter((m) => people[m] !== info.big.coordinator);
      for (let i = 0; i < samples; i++) {
        const memberId = members[i % members.length];
        // From the member's first representative, so the id stays short however many changes (ids are ≤ 80 characters).
        const next = `${info.big.representatives[memberId].slice(0, 40)}-s${size}-${i}`;
        const r = await timed('POST', `/api/clusters/${BIG_ID}/members/${memberId}/representative`, people[memberId], { representative: { personId: next, role: 'Prezes' } });
        if (r.status < 200 || r.status > 299) {
          refused++;
          if (refused < 3) log(`command refused: ${r.status} ${r.text}`);
          continue;
        }
        people[memberId] = next;
        commands.push(r.ms);
      }
      const random = seededRandom(size);
      const from = Date.parse(info.big.firstDay);
      const span = Date.parse(info.big.lastDay) - from;
      const asOf: number[] = [];
      for (let i = 0; i < samples; i++) {
        const day = new Date(from + Math.floor(random() * span)).toISOString().slice(0, 10);
        const r = await timed('GET', `/api/clusters/${BIG_ID}?asOf=${day}`, info.big.coordinator);
        if (r.status !== 200) throw new Error(`asOf read: ${r.status} ${r.text}`);
        asOf.push(r.ms);
      }
      log(`long cluster: read p99 ${percentile(bigReads, 99).toFixed(1)} ms, command p99 ${percentile(commands.slice(1), 99).toFixed(1)} ms (first ${commands[0]?.toFixed(1)} ms), asOf p99 ${percentile(asOf, 99).toFixed(1)} ms`);

      // Every cluster, four readers at a time.
      const ids = Object.keys(info.readers);
      const reads: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < ids.length) {
            const id = ids[next++];
            const r = await timed('GET', `/api/clusters/${id}`, info.readers[id]);
            if (r.status !== 200) throw new Error(`read of ${id}: ${r.status} ${r.text}`);
            reads.push(r.ms);
          }
        }),
      );
      const rssAfterReads = processRssMiB(server.pid);
      const heapAfterReads = await heapAfterGcMiB(inspectPort);
      // RSS again once the garbage of 10,000 answers is collected: what the process keeps, not what it made.
      const rssAfterReadsGc = processRssMiB(server.pid);
      log(`read ${int(reads.length)} clusters: p99 ${percentile(reads, 99).toFixed(1)} ms; RSS ${rssAfterReads.toFixed(0)} MiB (${rssAfterReadsGc.toFixed(0)} after GC), heap after GC ${heapAfterReads.toFixed(0)} MiB`);
      return {
        events: info.events,
        setupCached,
        setupMadeAt: setup.madeAt,
        setupLoad: setup.loadWhenMade,
        logMiB: fileMiB(eventsPath),
        readModelsMiB: setup.readModelsMiB,
        generateSeconds: info.generateSeconds,
        rawRate,
        rebuildRate,
        firstStartSeconds,
        firstSettledSeconds,
        startSeconds,
        firstReadSeconds,
        rssAfterStart,
        rssAfterReads,
        rssAfterReadsGc,
        heapAfterStart,
        heapAfterReads,
        clusterReads: reads.length,
        clusterReadP99: percentile(reads, 99),
        bigReadP99: percentile(bigReads, 99),
        commandColdMs: commands[0] ?? NaN,
        commandP99: percentile(commands.slice(1), 99),
        asOfP99: percentile(asOf, 99),
        asOfP50: percentile(asOf, 50),
        asOfColdMs: asOf[0] ?? NaN,
        refused,
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.dispose();
  }
}

const f1 = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(0)) : '–');

async function main(): Promise<void> {
  const sizes = list('BENCH_SCALE_EVENTS', '1000000,3000000,10000000');
  const clusters = num('BENCH_SCALE_CLUSTERS', 10_000);
  const bigEvents = num('BENCH_SCALE_BIG', 10_000);
  const samples = num('BENCH_SCALE_SAMPLES', 200);
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  if (process.env.BENCH_SCALE_GENERATE_ONLY === '1') {
    if (!process.env.BENCH_SCALE_CACHE) throw new Error('BENCH_SCALE_GENERATE_ONLY needs BENCH_SCALE_CACHE');
    for (const size of sizes) {
      const dir = tempDir(`scale-${size}`);
      try {
        await prepareLog(dir.path, size, clusters, bigEvents);
      } finally {
        dir.dispose();
      }
    }
    return;
  }
  if (process.env.BENCH_SKIP_BUILD !== '1') build(ROOT, log);
  if (process.env.BENCH_SCALE_PREPARE_ONLY === '1') {
    for (const size of sizes) {
      const cache = folderCache(size, clusters, bigEvents);
      if (!cache) throw new Error('BENCH_SCALE_PREPARE_ONLY needs BENCH_SCALE_CACHE');
      if (existsSync(cache.record) && existsSync(cache.dir)) {
        log(`the data folder of ${int(size)} events is cached already: ${cache.dir}`);
        continue;
      }
      const dir = tempDir(`scale-${size}`);
      try {
        keepFolder(cache, dir.path, await firstSetup(dir.path, size, clusters, bigEvents));
      } finally {
        dir.dispose();
      }
    }
    return;
  }
  const reports: SizeReport[] = [];
  for (const size of sizes) {
    log(`\n=== ${int(size)} events ===`);
    reports.push(await measureSize(size, clusters, bigEvents, samples));
  }
  const base = reports[0];
  const growth = (r: SizeReport, k: keyof SizeReport) => `${f1(r[k] as number)} (${((r[k] as number) / (base[k] as number)).toFixed(2)}×)`;
  const lines = [
    `## Scale: ${sizes.map((s) => int(s)).join(', ')} events over ${int(clusters)} clusters (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `\`npm run bench:scale\`: at each size a log written by the real deciders (${int(clusters)} clusters of 15–40 members with meetings, votes, groups; plus one cluster whose own stream holds ${int(bigEvents)} events), rebuilt into the read models, then the real server (\`dist/\`, embedded store) started on it. Machine: ${cpus().length} cores shared with other work, load ${loadAtStart.toFixed(1)} at the start. In brackets: the ratio to the smallest size.`,
    '',
    `| events | log MiB | first start s: listening / first read | restart s (to first read) | RSS after start MiB | RSS after reading every cluster MiB (after GC) | heap after GC MiB: after start / after reads | p99 read of a cluster ms (every cluster) | p99 read, long cluster ms | p99 command, long cluster ms (first, cold) | p99 / p50 asOf read, long cluster ms (first, cold) | rebuild ÷ raw readAll |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...reports.map((r) => {
      const cached = r.setupCached ? ` (cached ${r.setupMadeAt.slice(0, 16).replace('T', ' ')}, load ${r.setupLoad.toFixed(1)})` : '';
      return `| ${int(r.events)} | ${r.logMiB.toFixed(0)} | ${f1(r.firstStartSeconds)} / ${f1(r.firstSettledSeconds)}${cached} | ${growth(r, 'startSeconds')} (${f1(r.firstReadSeconds)}) | ${growth(r, 'rssAfterStart')} | ${growth(r, 'rssAfterReads')} (${r.rssAfterReadsGc.toFixed(0)}) | ${f1(r.heapAfterStart)} / ${growth(r, 'heapAfterReads')} | ${growth(r, 'clusterReadP99')} | ${growth(r, 'bigReadP99')} | ${growth(r, 'commandP99')} (${f1(r.commandColdMs)}) | ${growth(r, 'asOfP99')} / ${f1(r.asOfP50)} (${f1(r.asOfColdMs)}) | ${(r.rebuildRate / r.rawRate).toFixed(2)} (${int(r.rebuildRate)} / ${int(r.rawRate)} events/s)${cached} |`;
    }),
    ...(reports.some((r) => r.setupCached)
      ? ['', '"cached": the data folder was copied from BENCH_SCALE_CACHE as an earlier run\'s first start left it (read models rebuilt, the log\'s hashes checked); its rebuild, raw readAll and first start figures are that run\'s, everything else was measured in this one.']
      : []),
    '',
  ];
  const png = join(ROOT, 'docs', 'benchmarks-scale.png');
  // One size is no growth: the plot of the last run with several stays.
  if (reports.length > 1) {
    try {
      await plotGrowth(png, reports.map((r) => ({ events: r.events, startSeconds: r.startSeconds, rssAfterStart: r.rssAfterStart, rssAfterReads: r.rssAfterReads, clusterReadP99: r.clusterReadP99, commandP99: r.commandP99, asOfP99: r.asOfP99 })));
      lines.push('![Growth with the log](benchmarks-scale.png)', '');
    } catch (error) {
      log(`the plot could not be drawn: ${(error as Error).message}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(join(ROOT, 'docs', 'benchmarks-scale.json'), JSON.stringify(reports, null, 2));
  const doc = recordInBenchmarksDoc(lines.join('\n'));
  if (doc) log(`appended to ${doc}`);
}

main().catch((error: Error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
