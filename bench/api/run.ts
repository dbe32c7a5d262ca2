/**
 * `npm run bench:api`: durable ballots through the whole HTTP stack of the real server (a child
 * process on the embedded store), against a no-op endpoint on the same server in the same run (the
 * framework's floor). Prints a table and appends a section to docs/benchmarks.md.
 *
 * Environment:
 *   BENCH_SECONDS=20          seconds per measured endpoint
 *   BENCH_CONNECTIONS=64      connections (= members; at most 64)
 *   BENCH_WARMUP_BALLOTS=60   ballots per connection in the warm-up (0: no warm-up)
 *   BENCH_VOTES               votes to open for the measured run (default: sized from the warm-up rate, × 1.75 margin)
 *   BENCH_SKIP_BUILD=1        use the existing dist/ build
 *   BENCH_NODE_ARGS="--prof"  extra node flags for the server child (profiling)
 *   BENCH_ONLY=ballots|noop   measure one endpoint only (the report then needs both: diagnosis runs only)
 *   BENCH_DOC=0               do not write docs/benchmarks.md (or BENCH_DOC=path/to/file.md)
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { mintToken } from '@klaster/identity';
import { recordInBenchmarksDoc } from '../benchmarks-doc';
import { runLoad, type LoadResult } from './load';
import { ratioOf, renderSection, table, verdicts, type ApiRunReport } from './report';
import { build, startServerChild, type ServerChild } from './server-process';
import { Api, ballotsRecorded, foundClusterAndMeeting, MEETING_ID, MEMBERS, memberId, openVotes, personId, voteId } from './setup';

const ROOT = resolve(__dirname, '..', '..');

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, not '${raw}'`);
  return n;
}

const CHOICES = ['yes', 'no', 'abstain'] as const;

async function main(): Promise<void> {
  const seconds = intFromEnv('BENCH_SECONDS', 20, 1);
  const connections = intFromEnv('BENCH_CONNECTIONS', MEMBERS, 1);
  if (connections > MEMBERS) throw new Error(`BENCH_CONNECTIONS: at most ${MEMBERS} (one member per connection)`);
  const warmupBallots = intFromEnv('BENCH_WARMUP_BALLOTS', 60);
  const only = process.env.BENCH_ONLY;
  if (only && only !== 'ballots' && only !== 'noop') throw new Error(`BENCH_ONLY: 'ballots' or 'noop', not '${only}'`);
  const startedAt = new Date();
  const loadAverageAtStart = loadavg()[0];

  if (process.env.BENCH_SKIP_BUILD !== '1') build(ROOT, log);
  const secret = randomBytes(32).toString('hex');
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  let server: ServerChild | undefined;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    server = await startServerChild({ cwd: ROOT, secret, nodeArgs, log });
    const api = new Api(server.url, secret);
    const tokens = await Promise.all(Array.from({ length: connections }, (_, k) => mintToken(secret, personId(k), { ttl: '24h' })));

    let t = performance.now();
    await foundClusterAndMeeting(api);
    log(`cluster of ${MEMBERS} members founded, general meeting open, all present (${Math.round(performance.now() - t)} ms)`);

    // Each connection k is member k and casts its ballots on votes cursor[k], cursor[k] + 1, … < end.
    const cursor = new Array<number>(connections).fill(0);
    let end = 0;
    const exhausted = new Set<number>();
    let cast = 0;
    const nextBallot = (k: number) => {
      let n = cursor[k]++;
      if (n >= end) {
        exhausted.add(k);
        n = end - 1; // repeats a ballot: answered 409, counted as non-2xx and reported
      }
      cast++;
      return {
        path: `/api/meetings/${MEETING_ID}/votes/${voteId(n)}/ballots`,
        body: JSON.stringify({ memberId: memberId(k), choice: CHOICES[(n + k) % 3] }),
      };
    };
    const noopBody = (k: number) => ({ path: '/api/bench/noop', body: JSON.stringify({ memberId: memberId(k), choice: 'yes' }) });
    const common = { url: server.url, connections, token: (k: number) => tokens[k], serverCpuSeconds: server.cpuSeconds };
    const ballotsOk = { n: 0 };
    const countOk = (r: LoadResult) => {
      ballotsOk.n += r.ok;
      return r;
    };

    // Warm-up: JIT, caches and connections on both endpoints; its rate sizes the measured run's votes.
    let warmRate = 0;
    if (warmupBallots > 0) {
      t = performance.now();
      await openVotes(api, 0, warmupBallots);
      end = warmupBallots;
      const openedPerSecond = warmupBallots / ((performance.now() - t) / 1000);
      log(`opened ${warmupBallots} warm-up votes (${Math.round(openedPerSecond)} votes/s, sequentially)`);
      const warm = countOk(await runLoad({ ...common, label: 'warm-up ballots', perConnection: warmupBallots, next: nextBallot }));
      warmRate = warm.rate;
      log(`warm-up: ${warm.ok} ballots at ${Math.round(warm.rate)}/s, non-2xx ${warm.non2xx}`);
      if (only !== 'ballots') {
        const warmNoop = await runLoad({ ...common, label: 'warm-up no-op', seconds: 2, next: noopBody });
        log(`warm-up: no-op ${Math.round(warmNoop.rate)}/s`);
      }
    }

    const first = end;
    // Enough votes for every connection at 1.75 × the warm-up rate, not many more: the meeting's state
    // holds every vote and folding a ballot copies the map of votes, so idle votes would slow each ballot.
    const votes = process.env.BENCH_VOTES ? intFromEnv('BENCH_VOTES', 0, 1) : Math.ceil((Math.max(warmRate, 500) * 1.75 * seconds) / connections) + 30;
    if (only !== 'noop') {
      t = performance.now();
      await openVotes(api, first, first + votes);
      log(`opened ${votes} votes for the measured run (${Math.round(performance.now() - t)} ms)`);
    }
    end = first + votes;
    cursor.fill(first);

    let noop: LoadResult | undefined;
    let ballots: LoadResult | undefined;
    if (only !== 'ballots') {
      log(`measuring POST /api/bench/noop: ${connections} connections, ${seconds} s…`);
      noop = await runLoad({ ...common, label: 'no-op', seconds, next: noopBody });
      log(`  ${Math.round(noop.rate)} req/s, p50 ${noop.latency.p50.toFixed(2)} ms, p99 ${noop.latency.p99.toFixed(2)} ms, non-2xx ${noop.non2xx}`);
    }
    if (only !== 'noop') {
      log(`measuring ballots: ${connections} connections, ${seconds} s…`);
      ballots = countOk(await runLoad({ ...common, label: 'ballots', seconds, next: nextBallot }));
      log(`  ${Math.round(ballots.rate)} ballots/s, p50 ${ballots.latency.p50.toFixed(2)} ms, p99 ${ballots.latency.p99.toFixed(2)} ms, non-2xx ${ballots.non2xx}`);
    }
    const readBack = only === 'noop' ? 0 : await ballotsRecorded(api);

    if (!noop || !ballots) {
      log(`BENCH_ONLY=${only}: no report written`);
      return;
    }
    const report: ApiRunReport = {
      startedAt,
      connections,
      seconds,
      warmup: { ballots: warmupBallots * connections, noopSeconds: warmupBallots > 0 ? 2 : 0 },
      votes,
      ballots,
      noop,
      ballotsReadBack: readBack,
      ballotsAnswered2xx: ballotsOk.n,
      ballotsSent: cast,
      exhaustedConnections: exhausted.size,
      loadAverageAtStart,
    };
    const section = renderSection(report);
    process.stdout.write(`\n${table(report).join('\n')}\n\n`);
    for (const v of verdicts(report)) process.stdout.write(`${v.met ? 'met    ' : 'NOT MET'}  ${v.label}: ${v.measured} (target ${v.target})\n`);
    process.stdout.write(`\nratio ballots/s ÷ no-op req/s = ${ratioOf(report).toFixed(3)}\n`);
    const path = recordInBenchmarksDoc(section);
    if (path) log(`appended the section to ${path}`);
  } finally {
    await server?.stop();
    log('server stopped, temp dir deleted');
  }
}

main().catch((error) => {
  log((error as Error).stack ?? String(error));
  process.exitCode = 1;
});
