/** Figures, table and docs/benchmarks.md section of the socket latency benchmark. */
import { arch, cpus, release, totalmem, type as osType } from 'node:os';
import type { Collected } from './socket-fleet';

export const TARGETS = { p99At1000Ms: 50, p99At10000Ms: 250, ratioAt10000: 1.5 };

export interface LatencyStats {
  /** Messages measured and (client, message) pairs measured. */
  messages: number;
  pairs: number;
  /** Pairs whose message never arrived at that client (within the wait). */
  lost: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Median over messages of the first client's latency (the pipeline before fan-out) and of the last one's. */
  firstMedian: number;
  lastMedian: number;
}

export interface SubjectRun {
  stats: LatencyStats;
  /** CPU seconds of the server process per message over the measured messages (its whole process). */
  serverCpuMsPerMessage: number;
  /** CPU seconds of all client processes per message. */
  clientCpuMsPerMessage: number;
  /** Klaster: command answered (HTTP 201) after this long, p50 / p99 ms; bare: the broadcast trigger's answer. */
  ackP50: number;
  ackP99: number;
  duplicates: number;
  disconnects: number;
  payloadBytes: number;
}

export interface LevelRun {
  clients: number;
  connectSeconds: { klaster: number; bare: number };
  klaster: SubjectRun;
  bare: SubjectRun;
  rssMiB: { klasterServer: number; bareServer: number; clients: number };
  /** While measuring the level: seconds, and the CPU (in cores) the benchmark's processes used and everything else on the machine used. */
  machine: { seconds: number; benchCores: number; otherCores: number };
}

export interface SocketRunReport {
  startedAt: Date;
  seconds: number;
  commands: number;
  warmup: number;
  pauseMs: number;
  clientProcesses: number;
  limits: { openFiles: number; portRange: [number, number] | undefined };
  skipped: { clients: number; why: string }[];
  levels: LevelRun[];
  socketIoVersion: string;
  clientVersion: string;
  /** 1-minute load average when the run started. */
  loadAtStart: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const medianOf = (values: number[]) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

/** Latency of every (client, message) pair, ms: arrival at the client minus the send time of the command that caused it. */
export function latencyStats(collected: Collected, sentAt: Map<string, number>): LatencyStats {
  const keys = [...sentAt.keys()];
  const all = new Float64Array(keys.length * collected.sockets);
  let n = 0;
  let lost = 0;
  const firsts: number[] = [];
  const lasts: number[] = [];
  for (const key of keys) {
    const t0 = sentAt.get(key)!;
    const times = collected.receipts.get(key);
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < collected.sockets; i++) {
      const at = times?.[i] ?? NaN;
      if (Number.isNaN(at)) {
        lost++;
        continue;
      }
      const ms = (at - t0) / 1000;
      all[n++] = ms;
      if (ms < first) first = ms;
      if (ms > last) last = ms;
    }
    if (Number.isFinite(first)) firsts.push(first);
    if (Number.isFinite(last)) lasts.push(last);
  }
  const sorted = all.subarray(0, n).sort();
  return {
    messages: keys.length,
    pairs: keys.length * collected.sockets,
    lost,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: n ? sorted[n - 1] : NaN,
    firstMedian: medianOf(firsts),
    lastMedian: medianOf(lasts),
  };
}

export function ackPercentiles(acks: number[]): { p50: number; p99: number } {
  const sorted = Float64Array.from(acks).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const ms = (n: number) => (!Number.isFinite(n) ? 'n/a' : n < 9.995 ? n.toFixed(2) : n < 99.95 ? n.toFixed(1) : Math.round(n).toString());
export const ratioOf = (level: LevelRun) => level.klaster.stats.p99 / level.bare.stats.p99;

export interface Verdict {
  label: string;
  measured: string;
  target: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

export function verdicts(r: SocketRunReport): Verdict[] {
  const out: Verdict[] = [];
  const at = (n: number) => r.levels.find((l) => l.clients === n);
  const l1k = at(1_000);
  const l10k = at(10_000);
  const complete = (l: LevelRun) => l.klaster.stats.lost === 0 && l.bare.stats.lost === 0;
  if (l1k) out.push({ label: '1,000 clients: Klaster p99', measured: `${ms(l1k.klaster.stats.p99)} ms`, target: `< ${TARGETS.p99At1000Ms} ms`, met: complete(l1k) && l1k.klaster.stats.p99 < TARGETS.p99At1000Ms });
  else out.push({ label: '1,000 clients: Klaster p99', measured: 'not measured', target: `< ${TARGETS.p99At1000Ms} ms`, met: undefined });
  if (l10k) {
    out.push({ label: '10,000 clients: Klaster p99', measured: `${ms(l10k.klaster.stats.p99)} ms`, target: `< ${TARGETS.p99At10000Ms} ms`, met: complete(l10k) && l10k.klaster.stats.p99 < TARGETS.p99At10000Ms });
    out.push({ label: '10,000 clients: Klaster p99 ÷ bare socket.io p99', measured: `${ratioOf(l10k).toFixed(2)}×`, target: `≤ ${TARGETS.ratioAt10000}×`, met: complete(l10k) && ratioOf(l10k) <= TARGETS.ratioAt10000 });
  } else {
    out.push({ label: '10,000 clients: Klaster p99', measured: 'not measured', target: `< ${TARGETS.p99At10000Ms} ms`, met: undefined });
    out.push({ label: '10,000 clients: Klaster p99 ÷ bare socket.io p99', measured: 'not measured', target: `≤ ${TARGETS.ratioAt10000}×`, met: undefined });
  }
  for (const l of r.levels) {
    const lost = l.klaster.stats.lost + l.bare.stats.lost;
    if (lost) out.push({ label: `${int(l.clients)} clients: messages that never arrived`, measured: int(lost), target: '0', met: false });
  }
  return out;
}

function targetOf(level: LevelRun): { text: string; met: boolean | undefined } {
  if (level.clients === 1_000) return { text: `p99 < ${TARGETS.p99At1000Ms} ms`, met: level.klaster.stats.p99 < TARGETS.p99At1000Ms };
  if (level.clients === 10_000)
    return { text: `p99 < ${TARGETS.p99At10000Ms} ms and ≤ ${TARGETS.ratioAt10000}× bare`, met: level.klaster.stats.p99 < TARGETS.p99At10000Ms && ratioOf(level) <= TARGETS.ratioAt10000 };
  return { text: '—', met: undefined };
}

export function table(r: SocketRunReport): string[] {
  const lines = [
    '| Clients | Klaster p50 ms | Klaster p99 ms | Bare socket.io p50 ms | Bare socket.io p99 ms | Klaster p99 ÷ bare p99 | Target | |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const l of r.levels) {
    const t = targetOf(l);
    const lost = l.klaster.stats.lost + l.bare.stats.lost;
    const verdict = t.met === undefined ? '' : t.met && lost === 0 ? 'met' : '**missed**';
    lines.push(`| ${int(l.clients)} | ${ms(l.klaster.stats.p50)} | ${ms(l.klaster.stats.p99)} | ${ms(l.bare.stats.p50)} | ${ms(l.bare.stats.p99)} | ${ratioOf(l).toFixed(2)}× | ${t.text} | ${verdict} |`);
  }
  return lines;
}

export function detailTable(r: SocketRunReport): string[] {
  const lines = [
    '| Clients | Subject | p90 ms | max ms | first client, median ms | last client, median ms | HTTP answer p50 / p99 ms | server CPU ms / message | client CPU ms / message | pairs | lost | duplicates |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const l of r.levels) {
    for (const [name, s] of [
      ['Klaster', l.klaster],
      ['bare', l.bare],
    ] as const) {
      lines.push(
        `| ${int(l.clients)} | ${name} | ${ms(s.stats.p90)} | ${ms(s.stats.max)} | ${ms(s.stats.firstMedian)} | ${ms(s.stats.lastMedian)} | ${ms(s.ackP50)} / ${ms(s.ackP99)} | ` +
          `${ms(s.serverCpuMsPerMessage)} | ${ms(s.clientCpuMsPerMessage)} | ${int(s.stats.pairs)} | ${int(s.stats.lost)} | ${int(s.duplicates)} |`,
      );
    }
  }
  return lines;
}

export const verdictText = (v: Verdict) => (v.met === undefined ? 'not measured' : v.met ? 'met' : '**missed**');

export function machineTable(r: SocketRunReport): string[] {
  const lines = ['| Clients | measuring, s | benchmark processes, cores | others, cores | RSS Klaster server / bare server / clients, MiB | connect Klaster / bare, s |', '| ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const l of r.levels) {
    lines.push(
      `| ${int(l.clients)} | ${l.machine.seconds.toFixed(1)} | ${l.machine.benchCores.toFixed(2)} | ${l.machine.otherCores.toFixed(2)} | ` +
        `${int(l.rssMiB.klasterServer)} / ${int(l.rssMiB.bareServer)} / ${int(l.rssMiB.clients)} | ${l.connectSeconds.klaster.toFixed(1)} / ${l.connectSeconds.bare.toFixed(1)} |`,
    );
  }
  return lines;
}

export function machineLines(r: SocketRunReport): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length} logical cores (server, bare server and client processes all share them, unpinned)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osType()} ${release()} ${arch()}; loopback only (127.0.0.1); open files per process ${int(r.limits.openFiles)}` +
      (r.limits.portRange ? `, ephemeral ports ${r.limits.portRange[0]}–${r.limits.portRange[1]}` : ''),
    `- Node ${process.version}; socket.io ${r.socketIoVersion} (server, Klaster's through @nestjs/platform-socket.io with its defaults), socket.io-client ${r.clientVersion}`,
  ];
}

export function renderSection(r: SocketRunReport): string {
  const payload = r.levels[0] ? `${int(r.levels[0].klaster.payloadBytes)} B (Klaster) / ${int(r.levels[0].bare.payloadBytes)} B (bare)` : 'n/a';
  const lines: string[] = [];
  lines.push(`## Live updates: command-to-socket latency — ${r.startedAt.toISOString()}`, '');
  lines.push('Measured by `npm run bench:live:sockets` (bench/live/socket-latency.ts), part of `npm run bench:live`.', '');
  lines.push(...machineLines(r));
  lines.push(
    '- Klaster: `node dist/apps/server/src/main.js` (the `npm run build` output) as a child process on the embedded store with its default durability, in a fresh temp `DATA_DIR`. ' +
      'Set up through the HTTP API: a cluster of 64 members, a general meeting with all present, one open named vote with all 64 ballots cast.',
    '- Floor: a bare socket.io `Server` (same package, defaults, namespace `/live`, no auth, no store) in its own child process; `POST /broadcast/<seq>` emits the payload ' +
      `template to the room. The template is a BallotCorrected message Klaster pushed in this run, so the payload is the same (JSON ${payload}).`,
    `- Clients: socket.io-client with \`transports: ['websocket']\`, spread over ${r.clientProcesses} client processes, opened gradually (a bounded number in flight per process) and kept across levels ` +
      `(${r.levels.map((l, i) => (i === 0 ? int(l.clients) : `${int(l.clients - r.levels[i - 1].clients)} more`)).join(', then ')}). ` +
      'Klaster clients all authenticate with the JWT of one person who may read the cluster and join `meeting:<id>`; the same number of bare clients join the same room name on the floor server. ' +
      'Both sets stay connected during a level, so both servers see the same idle load.',
    `- Per level: ${r.warmup} warm-up messages per subject (not counted), then ${r.commands} measured messages per subject, one at a time, alternating Klaster and bare (ABBA order). ` +
      `Klaster's message is a ballot correction (\`POST /api/meetings/{m}/votes/{v}/corrections\`, member m1 alternating yes/no), which is answered after the durable append and pushed after the projection runner applied it. ` +
      `The next message is sent once every client has the previous one (or after 30 s), plus ${r.pauseMs} ms.`,
    '- Latency of a (client, message) pair: the time the message arrived at that client (stamped in its `event` handler) minus the time the bench process sent the HTTP request that caused it, ' +
      "both on the machine's monotonic clock (`process.hrtime`, CLOCK_MONOTONIC, shared by all processes). p50/p99 are over all pairs of the level.",
    `- Run: ${Math.round(r.seconds)} s; 1-minute load average at its start ${r.loadAtStart.toFixed(2)}.` + (r.skipped.length ? ` Not measured: ${r.skipped.map((s) => `${int(s.clients)} clients (${s.why})`).join('; ')}.` : ''),
    '',
  );
  lines.push(...table(r), '');
  lines.push(
    'Detail. First/last client: per message, the earliest and the latest arrival, median over the messages (the first is the pipeline before the fan-out). ' +
      'HTTP answer: Klaster answers the command after the durable append (in the same event loop as the push, so it can wait behind it); the floor answers after its synchronous emit to every socket. ' +
      "CPU: per measured message, whole process, from /proc (10 ms ticks summed over the level's messages):",
    '',
  );
  lines.push(...detailTable(r), '');
  lines.push('Machine while measuring each level (CPU in cores of the 2 available; "others": processes outside this benchmark, from /proc/stat):', '');
  lines.push(...machineTable(r), '');
  lines.push('| Target | Measured | Target | |', '| --- | ---: | ---: | --- |');
  for (const v of verdicts(r)) lines.push(`| ${v.label} | ${v.measured} | ${v.target} | ${verdictText(v)} |`);
  lines.push('');
  return lines.join('\n');
}

