/**
 * One member hammering time-travel reads (each folds a ~4,000-event general meeting from the log)
 * while another member reads a cluster: the other member's latency, on the same server build and
 * data, with the default limits. Phases:
 *   quiet        — the other member alone (the baseline);
 *   cheap flood  — the hammering member floods a cheap read (the cluster) with as many concurrent
 *                  loops: what any flood of requests costs the others, the floor for the next phase;
 *   time travel  — the hammering member floods time-travel reads of the meeting (one at a time per
 *                  person runs, the rest are refused with 429; each fold yields to the event loop).
 * `time travel / cheap flood` near 1 means a replay costs the others no more than any request does.
 * `npm run bench:abuse`; BENCH_ABUSE_SECONDS (default 8) per phase, BENCH_ABUSE_HAMMERS (default 16)
 * concurrent hammering loops. BENCH_ABUSE_COMPARE_ROOT: the root of another build of the server (an
 * older commit, built with `npm run build` there) to measure the same phases against, on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, startServerChild, type ServerChild } from '../api/server-process';
import { Api, CLUSTER_ID, MEETING_ID, MEMBERS, foundClusterAndMeeting, memberId, openVotes, personId, voteId } from '../api/setup';
import { recordInBenchmarksDoc } from '../benchmarks-doc';

const ROOT = resolve(__dirname, '../..');
const SECRET = 'bench-abuse-secret-bench-abuse-secret-1';
const VOTES = 60;
const SECONDS = Number(process.env.BENCH_ABUSE_SECONDS ?? 8);
const HAMMERS = Number(process.env.BENCH_ABUSE_HAMMERS ?? 16);
const log = (m: string) => console.log(`[bench:abuse] ${m}`);

interface Phase {
  build: string;
  name: string;
  victim: { count: number; median: number; p99: number };
  hammer: Record<string, number>;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function setUp(dataDir: string): Promise<string> {
  const server = await startServerChild({ cwd: ROOT, secret: SECRET, log, dataDir });
  try {
    const api = new Api(server.url, SECRET);
    await foundClusterAndMeeting(api);
    await openVotes(api, 1, VOTES + 1);
    log(`casting ${MEMBERS * VOTES} ballots…`);
    await Promise.all(
      Array.from({ length: MEMBERS }, async (_, i) => {
        for (let n = 1; n <= VOTES; n++) await api.command(`/api/meetings/${MEETING_ID}/votes/${voteId(n)}/ballots`, personId(i), { memberId: memberId(i), choice: 'yes' });
      }),
    );
    const head = (await api.call('GET', '/health', 'p1')).body.headPosition as string;
    log(`the meeting's stream holds about ${MEMBERS * VOTES + VOTES + MEMBERS + 2} events; log head ${head}`);
    return head;
  } finally {
    await server.stop();
  }
}

async function measure(server: ServerChild, build: string, name: string, head: string, hammering: string | undefined): Promise<Phase> {
  const api = new Api(server.url, SECRET);
  await api.call('GET', `/api/clusters/${CLUSTER_ID}?position=${head}`, 'p2'); // the read models have caught up
  const until = performance.now() + SECONDS * 1_000;
  const hammer: Record<string, number> = {};
  const hammers = hammering
    ? Array.from({ length: HAMMERS }, async () => {
        while (performance.now() < until) {
          const res = await api.call('GET', hammering, 'p3');
          hammer[res.status] = (hammer[res.status] ?? 0) + 1;
        }
      })
    : [];
  const latencies: number[] = [];
  while (performance.now() < until) {
    const started = performance.now();
    const res = await api.call('GET', `/api/clusters/${CLUSTER_ID}`, 'p2');
    if (res.status !== 200) throw new Error(`the victim's read answered ${res.status}`);
    latencies.push(performance.now() - started);
  }
  await Promise.all(hammers);
  latencies.sort((a, b) => a - b);
  const phase = { build, name, victim: { count: latencies.length, median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) }, hammer };
  log(`${build} ${name}: victim median ${phase.victim.median.toFixed(1)} ms, p99 ${phase.victim.p99.toFixed(1)} ms over ${phase.victim.count} reads; hammer ${JSON.stringify(hammer)}`);
  return phase;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build(ROOT, log);
  const dataDir = mkdtempSync(join(tmpdir(), 'klaster-bench-abuse-'));
  try {
    const head = await setUp(dataDir);
    const phases: Phase[] = [];
    // The defaults, but requests: the hammering member would be refused (429) after 600 a minute
    // whatever they ask, which hides what a replay costs; the replay limits stay as by default.
    const limits = { RATE_LIMIT_PER_PERSON: '0', RATE_LIMIT_PER_ADDRESS: '0', REPLAY_LIMIT_PER_PERSON: '60' };
    const builds: [string, string][] = [['this build', ROOT]];
    if (process.env.BENCH_ABUSE_COMPARE_ROOT) builds.push(['compared build', resolve(process.env.BENCH_ABUSE_COMPARE_ROOT)]);
    for (const [build, cwd] of builds) {
      const server = await startServerChild({ cwd, secret: SECRET, log, dataDir, env: limits });
      try {
        phases.push(await measure(server, build, 'quiet', head, undefined));
        phases.push(await measure(server, build, 'cheap flood', head, `/api/clusters/${CLUSTER_ID}`));
        phases.push(await measure(server, build, 'time travel', head, `/api/meetings/${MEETING_ID}?atPosition=${head}`));
      } finally {
        await server.stop();
      }
    }
    report(phases);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(phases: Phase[]): void {
  const quiet = phases[0].victim;
  const rows = phases.map(
    (p) =>
      `| ${p.build} | ${p.name} | ${p.victim.count} | ${p.victim.median.toFixed(1)} | ${(p.victim.median / quiet.median).toFixed(2)}× | ${p.victim.p99.toFixed(1)} | ${(p.victim.p99 / quiet.p99).toFixed(2)}× | ${Object.entries(p.hammer).map(([s, n]) => `${n}×${s}`).join(', ') || '—'} |`,
  );
  const section = [
    `## ${new Date().toISOString().slice(0, 10)} — bench:abuse (one member hammering time travel)`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; Node ${process.version}. A general meeting of ${MEMBERS} members with ${VOTES} named votes (about ${MEMBERS * VOTES + VOTES + MEMBERS + 2} events);`,
    `the hammering member runs ${HAMMERS} concurrent loops for ${SECONDS} s of \`GET /api/clusters/{id}\` (cheap flood) or \`GET /api/meetings/{mt}?atPosition=<head>\``,
    `(time travel: each folds the whole meeting from the log; one at a time per person, 60 a minute), while another member reads \`GET /api/clusters/{id}\``,
    `one request after another. Per-request rate limits off (they would refuse the flood either way); client and server share the machine.`,
    '',
    'Ratios against this build, quiet.',
    '',
    '| build | phase | victim reads | median ms | × quiet | p99 ms | × quiet | hammer answers |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...phases
      .filter((p) => p.name === 'time travel')
      .map((p) => {
        const flood = phases.find((f) => f.build === p.build && f.name === 'cheap flood')!.victim;
        return `${p.build}: time travel against the cheap flood, median ${(p.victim.median / flood.median).toFixed(2)}×, p99 ${(p.victim.p99 / flood.p99).toFixed(2)}×.`;
      }),
    '',
  ].join('\n');
  console.log(`\n${section}`);
  const doc = recordInBenchmarksDoc(section);
  if (doc) log(`recorded in ${doc}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
