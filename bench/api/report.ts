/** The HTTP API benchmark's table and its section of docs/benchmarks.md. */
import { arch, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import type { LoadResult } from './load';

export const TARGETS = { ratio: 0.4, ballotsPerSecond: 3_000, p99Ms: 50 };

export interface ApiRunReport {
  startedAt: Date;
  connections: number;
  seconds: number;
  warmup: { ballots: number; noopSeconds: number };
  votes: number;
  ballots: LoadResult;
  noop: LoadResult;
  /** Ballots the server counts after the run (read back through the API). */
  ballotsReadBack: number;
  /** Ballots answered 2xx (each must be recorded) and ballots sent (an upper bound: some answers were not awaited). */
  ballotsAnswered2xx: number;
  ballotsSent: number;
  exhaustedConnections: number;
  /** 1-minute load average when the run started (other processes on the machine skew every figure). */
  loadAverageAtStart: number;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (!Number.isFinite(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());
const pct = (cpuSeconds: number, seconds: number) => `${Math.round((100 * cpuSeconds) / seconds)} %`;
const statuses = (r: LoadResult) =>
  Object.entries(r.statuses)
    .filter(([s]) => !(Number(s) >= 200 && Number(s) < 300))
    .map(([s, n]) => `${n} × ${s}`)
    .join(', ');

export const readBackOk = (r: ApiRunReport) => r.ballotsAnswered2xx <= r.ballotsReadBack && r.ballotsReadBack <= r.ballotsSent;

export function ratioOf(r: ApiRunReport): number {
  return r.noop.rate > 0 ? r.ballots.rate / r.noop.rate : NaN;
}

export interface Verdict {
  label: string;
  measured: string;
  target: string;
  met: boolean;
}

export function verdicts(r: ApiRunReport): Verdict[] {
  const ratio = ratioOf(r);
  return [
    { label: 'ballots/s ÷ no-op req/s (same server, same run)', measured: ratio.toFixed(2), target: `≥ ${TARGETS.ratio.toFixed(2)}`, met: ratio >= TARGETS.ratio },
    { label: 'durable ballots/s (2xx)', measured: int(r.ballots.rate), target: `≥ ${int(TARGETS.ballotsPerSecond)}`, met: r.ballots.rate >= TARGETS.ballotsPerSecond },
    { label: 'ballot latency p99', measured: `${ms(r.ballots.latency.p99)} ms`, target: `< ${TARGETS.p99Ms} ms`, met: r.ballots.latency.p99 < TARGETS.p99Ms },
    { label: 'ballot errors (non-2xx, connection errors, timeouts)', measured: int(r.ballots.non2xx + r.ballots.errors), target: '0', met: r.ballots.non2xx + r.ballots.errors === 0 },
    { label: 'acknowledged ballots read back', measured: `${int(r.ballotsReadBack)} (2xx ${int(r.ballotsAnswered2xx)}, sent ${int(r.ballotsSent)})`, target: '2xx ≤ read back ≤ sent', met: readBackOk(r) },
  ];
}

export function machineLines(r: ApiRunReport): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osType()} ${release()} ${arch()}; 1-minute load average ${r.loadAverageAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (the bench's own two processes count for up to 2)`,
    `- Node ${process.version} (server and load generator)`,
  ];
}

export function table(r: ApiRunReport): string[] {
  const row = (name: string, x: LoadResult) =>
    `| ${name} | ${int(x.rate)} | ${ms(x.latency.p50)} | ${ms(x.latency.p99)} | ${ms(x.latency.max)} | ${int(x.non2xx)}${x.non2xx ? ` (${statuses(x)})` : ''} | ${int(x.errors)} | ${int(x.ok)} in ${x.seconds.toFixed(1)} s | ${pct(x.cpu.server, x.seconds)} / ${pct(x.cpu.loadGenerator, x.seconds)} |`;
  return [
    '| Endpoint | 2xx/s | p50 ms | p99 ms | max ms | non-2xx | conn. errors | 2xx answers | CPU server / load generator |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('`POST /api/meetings/{m}/votes/{v}/ballots` (durable ballot)', r.ballots),
    row('`POST /api/bench/noop` (framework floor)', r.noop),
  ];
}

export function renderSection(r: ApiRunReport): string {
  const lines: string[] = [];
  lines.push(`## HTTP API — ${r.startedAt.toISOString()}`, '');
  lines.push('Measured by `npm run bench:api` (bench/api).', '');
  lines.push(...machineLines(r));
  lines.push(
    `- Server: \`node dist/apps/server/src/main.js\` (the \`npm run build\` output) as a child process on 127.0.0.1, the embedded store with its default ` +
      'durability (WAL, `synchronous=FULL`: a ballot is answered after its group commit was fsynced) in a fresh temp `DATA_DIR`, `JWT_SECRET` set, `BENCH_NOOP=true`. ' +
      'Load generator: autocannon in the bench process (its own event loop); the two processes share the machine\'s cores, unpinned.',
    `- Set-up, all through the HTTP API: a cluster of 64 ordinary members (m1..m64, people p1..p64), a general meeting with all 64 present, ${int(r.votes)} named votes opened. ` +
      `Connection k is member m(k+1) with its own bearer token and walks through the votes in order, so every ballot is a distinct (vote, member) pair.`,
    `- Load: ${r.connections} keep-alive connections, one request in flight each, ${r.seconds} s per endpoint, after a warm-up ` +
      `(${int(r.warmup.ballots)} ballots, ${r.warmup.noopSeconds} s of no-op). The no-op endpoint goes through the same body parser, global auth guard ` +
      '(HS256 verification per request) and IdempotencyInterceptor as a command, and answers 201 `{}` without touching a store.',
    `- Ballots read back from the server after the run (sum of \`ballotsCast\` over the meeting's votes, warm-up included): ${int(r.ballotsReadBack)}; ` +
      `answered 2xx ${int(r.ballotsAnswered2xx)}, sent ${int(r.ballotsSent)} (the difference: answers not awaited — timeouts, or in flight when a timed run stopped) — ` +
      `${readBackOk(r) ? 'every acknowledged ballot is there, and none that was not sent' : '**mismatch**'}.` +
      (r.exhaustedConnections ? ` **${r.exhaustedConnections} connection(s) ran out of open votes** (their repeated ballots answered 409).` : ''),
    '',
  );
  lines.push(...table(r), '');
  lines.push('| What | Measured | Target | |', '| --- | ---: | ---: | --- |');
  for (const v of verdicts(r)) lines.push(`| ${v.label} | ${v.measured} | ${v.target} | ${v.met ? 'met' : '**not met**'} |`);
  lines.push('');
  return lines.join('\n');
}

