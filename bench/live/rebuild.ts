/**
 * Part "rebuild" of `npm run bench:live`: how fast `projections rebuild` folds a long log into the
 * read models, against the floor of the same run — the store's own `readAll` over the same file,
 * which every rebuild must do anyway (read the rows, decode their JSON). Target: ≥ 25 % of it.
 *
 * The log is written first (not timed) by the real deciders (governance-log.ts). Then, in rounds,
 * raw readAll and a full rebuild alternate on the same store, each rebuild into a fresh read-model
 * file opened as the CLI opens it; the medians are compared. After the first rebuild every document is
 * checked against the deciders' own final state, so a fast but wrong fold cannot pass.
 *
 * Environment: BENCH_LIVE_EVENTS (default 1,000,000), BENCH_REPEATS (rounds, default 3),
 * BENCH_LIVE_CONCURRENT_MEETINGS (default 8), BENCH_TMPDIR (where the files go),
 * BENCH_LIVE_LOG_CACHE=dir (keep the generated log there and reuse it in later runs of the same size:
 * for profiling; a run that reuses it says so).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore } from '@klaster/event-store';
import { REBUILD_BATCH_SIZE, ReadModelStore, readModels, rebuildReadModels, type RebuildResult } from '@klaster/projections';
import { envNumber, int, log, median, now, seconds, tempDir, type LivePart, type PartReport } from './common';
import { generateGovernanceLog, stateDigest, type GovernanceLog } from './governance-log';

const TARGET_RATIO = 0.25;

interface Run {
  events: number;
  seconds: number;
}

const rate = (r: Run) => r.events / r.seconds;

async function rawReadAll(store: EventStore): Promise<Run> {
  const started = now();
  let events = 0;
  for await (const event of store.readAll()) if (event) events++;
  return { events, seconds: (now() - started) / 1000 };
}

/** Every document the rebuild wrote, compared with the state the deciders folded while writing the log. */
function verify(models: ReadModelStore, generated: GovernanceLog): { documents: number; problems: string[] } {
  const problems: string[] = [];
  let documents = 0;
  const seen = new Set<string>();
  for (const collection of models.collections()) {
    for (const { key, doc } of models.all<{ state: unknown }>(collection)) {
      documents++;
      const id = `${collection}/${key}`;
      seen.add(id);
      const expected = generated.digests.get(id);
      if (expected === undefined) problems.push(`${id}: a document the log should not have produced`);
      else if (stateDigest(doc.state) !== expected) problems.push(`${id}: differs from the deciders' own fold`);
    }
  }
  for (const id of generated.digests.keys()) if (!seen.has(id)) problems.push(`${id}: missing`);
  return { documents, problems };
}

function fileBytes(path: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0);
}

/** Bump when the generator changes what it writes, so a cached log is not reused. */
const GENERATOR_VERSION = 2;

interface Generated extends GovernanceLog {
  seconds: number;
  cached: boolean;
}

/** Writes the log into `path`, or copies a cached one of the same size and generator version. */
async function prepareLog(path: string, target: number, concurrentMeetings: number): Promise<Generated> {
  const cacheDir = process.env.BENCH_LIVE_LOG_CACHE;
  const cached = cacheDir && join(cacheDir, `governance-log-v${GENERATOR_VERSION}-${target}-${concurrentMeetings}`);
  if (cached && existsSync(`${cached}.sqlite`) && existsSync(`${cached}.json`)) {
    log(`rebuild: reusing the log cached in ${cached}.sqlite`);
    copyFileSync(`${cached}.sqlite`, path);
    const saved = JSON.parse(readFileSync(`${cached}.json`, 'utf8')) as Omit<Generated, 'digests'> & { digests: [string, string][] };
    return { ...saved, digests: new Map(saved.digests), cached: true };
  }
  log(`rebuild: writing a governance log of ${int(target)} events through the deciders (not timed) …`);
  const started = now();
  const store = SqliteEventStore.open({ path });
  let generated: GovernanceLog;
  try {
    generated = await generateGovernanceLog(store, target, {
      concurrentMeetings,
      onProgress: (n) => log(`    ${int(n)} events, ${int(n / ((now() - started) / 1000))} events/s`),
    });
  } finally {
    await store.close();
  }
  const result: Generated = { ...generated, seconds: (now() - started) / 1000, cached: false };
  log(`    ${int(result.events)} events in ${seconds(result.seconds)} s (${int(result.appends)} appends; ${result.refused} commands refused)`);
  if (cached) {
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(path, `${cached}.sqlite`);
    writeFileSync(`${cached}.json`, JSON.stringify({ ...result, digests: [...result.digests] }));
  }
  return result;
}

async function run(): Promise<PartReport> {
  const target = Math.round(envNumber('BENCH_LIVE_EVENTS', 1_000_000));
  const repeats = Math.round(envNumber('BENCH_REPEATS', 3));
  const concurrentMeetings = Math.round(envNumber('BENCH_LIVE_CONCURRENT_MEETINGS', 8));
  const dir = tempDir('live-rebuild');
  const logPath = join(dir.path, 'events.sqlite');
  let store: SqliteEventStore | undefined;
  try {
    const generated = await prepareLog(logPath, target, concurrentMeetings);
    const genSeconds = generated.seconds;
    store = SqliteEventStore.open({ path: logPath });

    log('rebuild: warm-up (one untimed readAll: page cache and JIT)');
    const warm = await rawReadAll(store);
    if (warm.events !== generated.events) throw new Error(`readAll delivered ${warm.events} events, the log holds ${generated.events}`);

    const raws: Run[] = [];
    const rebuilds: Run[] = [];
    let checked: { documents: number; problems: string[] } | undefined;
    let readModelBytes = 0;
    for (let round = 1; round <= repeats; round++) {
      const raw = await rawReadAll(store);
      raws.push(raw);
      log(`    round ${round} · raw readAll: ${int(rate(raw))} events/s [${int(raw.events)} events in ${seconds(raw.seconds)} s]`);

      const path = join(dir.path, `read-models-${round}.sqlite`);
      const models = new ReadModelStore(path, { exclusive: true });
      let result: RebuildResult;
      try {
        result = await rebuildReadModels(store, models, readModels);
        if (result.events !== generated.events) throw new Error(`the rebuild applied ${result.events} events, the log holds ${generated.events}`);
        if (!checked) {
          log('    checking every document against the deciders’ own states …');
          checked = verify(models, generated);
          if (checked.problems.length > 0) throw new Error(`the rebuilt read models are wrong:\n  ${checked.problems.slice(0, 20).join('\n  ')}`);
        }
      } finally {
        models.close();
      }
      readModelBytes = fileBytes(path);
      rmSync(path, { force: true });
      rebuilds.push({ events: result.events, seconds: result.seconds });
      log(`    round ${round} · rebuild: ${int(result.eventsPerSecond)} events/s [${int(result.events)} events in ${seconds(result.seconds)} s]`);
    }

    const rawRate = median(raws.map(rate));
    const rebuildRate = median(rebuilds.map(rate));
    const ratio = rebuildRate / rawRate;
    const met = ratio >= TARGET_RATIO;
    const pct = (n: number) => `${((100 * n) / generated.events).toFixed(1)} %`;
    const byType = Object.entries(generated.types).sort((a, b) => b[1] - a[1]);
    const top = byType.slice(0, 6).map(([type, n]) => `${type} ${pct(n)}`).join(', ');

    const markdown = [
      `| Over the same ${int(generated.events)}-event SQLite log, same process | events/s (median of ${repeats}) | All runs, events/s |`,
      '| --- | ---: | --- |',
      `| Raw \`readAll\` (the store reads and decodes every event; the floor) | ${int(rawRate)} | ${raws.map((r) => int(rate(r))).join(' / ')} |`,
      `| \`rebuildReadModels\` (drop, fold every read model, documents + checkpoint per ${int(REBUILD_BATCH_SIZE)} events) | ${int(rebuildRate)} | ${rebuilds.map((r) => int(rate(r))).join(' / ')} |`,
      '',
      '| Ratio (same run) | Measured | Target | |',
      '| --- | ---: | ---: | --- |',
      `| Rebuild ÷ raw readAll | ${ratio.toFixed(3)} (${(100 * ratio).toFixed(1)} %) | ≥ ${TARGET_RATIO.toFixed(2)} (25 %) | ${met ? 'met' : '**missed**'} |`,
      '',
      `- The log (written before the measurement in ${seconds(genSeconds)} s, not timed${generated.cached ? '; reused from BENCH_LIVE_LOG_CACHE' : ''}): ` +
        `${int(generated.events)} events in ${int(generated.appends)} appends (one per act: a command, or the consecutive commands of one act on one stream, e.g. a few ballots) ` +
        `from the real deciders — ${int(generated.clusters)} clusters of 15–40 members, ${int(generated.meetings)} council and general meetings ` +
        `(up to ${concurrentMeetings} at a time, interleaved), ${int(generated.votes)} votes (a fifth secret), ${int(generated.ballots)} ballots, ` +
        `${int(generated.groups)} working groups with tasks, members admitted, withdrawn and re-represented between meetings. Most frequent: ${top}.`,
      `- Read models rebuilt: ${readModels.map((m) => `\`${m.collection}\``).join(', ')} (the server's list). The first rebuild's ${int(checked?.documents ?? 0)} documents ` +
        `were each compared with the state the deciders folded while writing the log (canonical JSON, sha256): all equal. ` +
        `The read-model file came to ${(readModelBytes / 2 ** 20).toFixed(0)} MiB.`,
      `- Each round ran raw readAll, then a rebuild into a fresh read-model file opened as \`npm run cli -- projections rebuild\` opens it ` +
        `(exclusive lock, WAL, synchronous=NORMAL); after one untimed readAll to warm the page cache. Both figures include decoding every event.`,
    ];
    return { markdown, targetsMet: met };
  } finally {
    await store?.close();
    dir.dispose();
  }
}

export const rebuildPart: LivePart = { key: 'rebuild', title: 'Projection rebuild against raw readAll', run };
