/**
 * `npm run bench:assembly`: a 1,000-member general meeting in real time. Every member casts a
 * ballot within 10 s (at seeded random moments, open loop: nobody waits for anybody) while 1,000
 * sockets follow the meeting's room; then the same schedule of broadcasts through a bare socket.io
 * server to 1,000 sockets of its own (the floor, same run, same payload); then the HTTP floor of a
 * bare Express and a bare Fastify server (a trivial JSON route, autocannon, same run).
 *
 * Reported: ballots/s (acknowledged), p50/p99 from a ballot's acknowledgement to the moment every
 * socket has the vote message it caused (its new tally), the same for the floor (from the bare
 * server's answer, sent right after its emit), ballots counted, sockets that missed a message, and
 * the Express/Fastify ratio.
 *
 * Environment:
 *   BENCH_ASSEMBLY_MEMBERS=1000          members (each casts one ballot) and sockets per subject
 *   BENCH_ASSEMBLY_SECONDS=10            the window the ballots are cast in
 *   BENCH_ASSEMBLY_CLIENT_PROCESSES=2    client processes holding the sockets
 *   BENCH_ASSEMBLY_HTTP_SECONDS=5        autocannon run per HTTP floor
 *   BENCH_SKIP_BUILD=1                   use the existing dist/ build
 *   BENCH_DOC=0                          do not write docs/benchmarks.md (or BENCH_DOC=path)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { defaultCharter } from '@klaster/domain';
import { mintToken } from '@klaster/identity';
import { build, freePort, startServerChild, type ServerChild } from '../api/server-process';
import { Api } from '../api/setup';
import { ClientFleet, machineBusySeconds, processCpuSeconds, processRssMiB, spawnTs, untilListening, type Collected, type ServerInChild } from '../live/socket-fleet';
import { recordInBenchmarksDoc } from '../benchmarks-doc';

const ROOT = resolve(__dirname, '..', '..');
const CLUSTER_ID = 'assembly';
const MEETING_ID = `${CLUSTER_ID}.walne`;
const VOTE_ID = 'budget';
const ROOM = `meeting:${MEETING_ID}`;

const log = (m: string) => process.stderr.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
const int = (name: string, fallback: number) => {
  const n = Number((process.env[name] ?? '').replace(/_/g, '') || fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return n;
};
const memberId = (i: number) => `m${i + 1}`;
const personId = (i: number) => `p${i + 1}`;
const choiceOf = (i: number) => (i % 3 === 0 ? 'no' : i % 7 === 0 ? 'abstain' : 'yes');

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');

/** A small seeded generator (mulberry32): the same schedule every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A TS server of bench/ in its own process, ready once it prints "listening on <url>". */
function startChild(file: string, env: Record<string, string>, label: string): Promise<ServerInChild> {
  return untilListening(spawnTs(join('..', file), env), label, 300_000);
}

const FOUNDERS = 500;
const member = (i: number) => ({ memberId: memberId(i), organisation: { name: `Organizacja ${i + 1}`, sector: 'business' }, representative: { personId: personId(i), role: 'Prezes' } });

/** The cluster (members m1..mN, p1..pN; m1 coordinates), its general meeting open with everyone present, one named vote open. */
async function setUp(api: Api, members: number): Promise<void> {
  await api.command('/api/clusters', 'p1', {
    clusterId: CLUSTER_ID,
    name: 'Krajowa Federacja Klastrów',
    foundedOn: '2024-01-10',
    coordinatorMemberId: memberId(0),
    // The founding act takes at most 500 members; the rest are admitted one by one.
    foundingMembers: Array.from({ length: Math.min(members, FOUNDERS) }, (_, i) => member(i)),
    agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
    charter: defaultCharter,
  });
  for (let i = FOUNDERS; i < members; i++) await api.command(`/api/clusters/${CLUSTER_ID}/members`, 'p1', { ...member(i), admittedOn: '2024-02-01' });
  await api.command(`/api/clusters/${CLUSTER_ID}/meetings`, 'p1', {
    meetingId: MEETING_ID,
    kind: 'general',
    title: 'Walne Zgromadzenie Federacji',
    scheduledFor: '2024-03-14T10:00:00.000Z',
    venue: { mode: 'hybrid', place: 'Warszawa', url: 'https://meet.example/walne' },
    agenda: [{ itemId: 'a1', title: 'Budżet' }],
  });
  await api.command(`/api/meetings/${MEETING_ID}/opening`, 'p1');
  // Members sign the attendance list eight at a time (as at a registration desk with several queues).
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < members) {
        const i = next++;
        await api.command(`/api/meetings/${MEETING_ID}/attendance`, personId(i), { memberId: memberId(i), presence: 'in_person' });
      }
    }),
  );
  await api.command(`/api/meetings/${MEETING_ID}/votes`, 'p1', { voteId: VOTE_ID, agendaItemId: 'a1', motion: 'Uchwała budżetowa na rok 2025' });
}

interface Sent {
  key: string;
  sentAt: number;
  ackAt: number;
}

/** Fires `send(i)` at each offset of the schedule (ms from now), without waiting for earlier ones. */
async function openLoop(schedule: number[], send: (i: number) => Promise<Sent>): Promise<{ sent: Sent[]; failures: string[]; seconds: number }> {
  const t0 = performance.now();
  const failures: string[] = [];
  const results = await Promise.all(
    schedule.map(async (at, i) => {
      const wait = at - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      try {
        return await send(i);
      } catch (error) {
        failures.push((error as Error).message);
        return undefined;
      }
    }),
  );
  return { sent: results.filter((r): r is Sent => !!r), failures, seconds: (performance.now() - t0) / 1000 };
}

interface Delivery {
  /** From the acknowledgement to the last socket's arrival (0 when every socket had it before the acknowledgement came back), ms. */
  fromAck: number[];
  /** From sending the request to the last socket's arrival, ms. */
  fromSend: number[];
  /** Messages some socket never got, and sockets × messages missed. */
  incomplete: number;
  missed: number;
  beforeAck: number;
}

function deliveries(sent: Sent[], collected: Collected): Delivery {
  const d: Delivery = { fromAck: [], fromSend: [], incomplete: 0, missed: 0, beforeAck: 0 };
  for (const s of sent) {
    const times = collected.receipts.get(s.key);
    let last = -Infinity;
    let missing = times ? 0 : collected.sockets;
    for (const t of times ?? []) {
      if (Number.isNaN(t)) missing++;
      else if (t > last) last = t;
    }
    if (missing) {
      d.incomplete++;
      d.missed += missing;
      continue;
    }
    if (last < s.ackAt) d.beforeAck++;
    d.fromAck.push(Math.max(0, last - s.ackAt) / 1000);
    d.fromSend.push((last - s.sentAt) / 1000);
  }
  return d;
}

interface HttpFloor {
  framework: string;
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  serverCpuPerRequestUs: number;
}

async function httpFloor(framework: 'express' | 'fastify', seconds: number): Promise<HttpFloor> {
  const server = await startChild('assembly/http-floor-server.ts', { FRAMEWORK: framework }, framework);
  try {
    // Warm-up (the JIT), then the measured run.
    await autocannon({ url: `${server.url}/ping`, connections: 32, duration: 1, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"memberId":"m1","choice":"yes"}' });
    const cpu0 = processCpuSeconds(server.pid);
    const r = await autocannon({ url: `${server.url}/ping`, connections: 64, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"memberId":"m1","choice":"yes"}' });
    const cpu = processCpuSeconds(server.pid) - cpu0;
    const ok = r['2xx'];
    return { framework, rate: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, serverCpuPerRequestUs: (1e6 * cpu) / Math.max(1, ok) };
  } finally {
    await server.stop();
  }
}

const HTTP_ROUNDS = 4;

/** The round with the median rate (its other figures with it). */
function medianFloor(runs: HttpFloor[]): HttpFloor & { rates: number[] } {
  const sorted = [...runs].sort((a, b) => a.rate - b.rate);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], rates: runs.map((r) => r.rate) };
}

async function main(): Promise<void> {
  const members = int('BENCH_ASSEMBLY_MEMBERS', 1000);
  const windowMs = 1000 * int('BENCH_ASSEMBLY_SECONDS', 10);
  const clientProcesses = int('BENCH_ASSEMBLY_CLIENT_PROCESSES', 2);
  const httpSeconds = int('BENCH_ASSEMBLY_HTTP_SECONDS', 5);
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  if (process.env.BENCH_SKIP_BUILD !== '1') build(ROOT, log);

  const secret = randomBytes(32).toString('hex');
  let server: ServerChild | undefined;
  let bare: ServerInChild | undefined;
  let fleet: ClientFleet | undefined;
  const stopAll = async () => {
    await fleet?.stop().catch(() => {});
    await bare?.stop().catch(() => {});
    await server?.stop().catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().finally(() => process.exit(130)));
  try {
    const barePort = await freePort();
    // One after the other, so that a failure stops what has started (a loaded machine starts slowly).
    server = await startServerChild({ cwd: ROOT, secret, log, readyTimeoutMs: 300_000 });
    bare = await startChild('live/socket-bare-server.ts', { PORT: String(barePort), BARE_ROOM: ROOM }, 'bare');
    fleet = await ClientFleet.start(clientProcesses);
    const api = new Api(server.url, secret);
    let t = performance.now();
    await setUp(api, members);
    log(`cluster of ${members} members, general meeting open, all present, vote ${VOTE_ID} open (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    // Followers: the coordinator's token may read the meeting (each socket its own connection).
    const followerToken = await mintToken(secret, personId(0), { ttl: '24h' });
    for (const [subject, url, token] of [
      ['klaster', server.url, followerToken],
      ['bare', bare.url, undefined],
    ] as const) {
      t = performance.now();
      const { failures } = await fleet.connect(subject, { url, token, room: ROOM, more: members, concurrencyPerProcess: 50 });
      if (failures.length) throw new Error(`${failures.length} ${subject} sockets failed to connect, e.g. ${failures.slice(0, 3).join(' | ')}`);
      log(`${members} ${subject} sockets joined ${ROOM} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }

    const random = seeded(2024);
    const schedule = Array.from({ length: members }, () => random() * windowMs).sort((a, b) => a - b);
    const tokens = await Promise.all(Array.from({ length: members }, (_, i) => mintToken(secret, personId(i), { ttl: '24h' })));
    const ballotUrl = `${server.url}/api/meetings/${MEETING_ID}/votes/${VOTE_ID}/ballots`;
    const klasterPid = server.pid;
    const cpu = (pid: number) => processCpuSeconds(pid);

    // 1. The assembly votes.
    log(`${members} ballots within ${windowMs / 1000} s…`);
    let m0 = { busy: machineBusySeconds(), server: cpu(klasterPid), clients: fleet.cpuSeconds(), at: performance.now() };
    // Each member's device sends its ballot with an Idempotency-Key and, when the answer does not come
    // (the connection fails) or says "not now" (409 busy, 429, 503), sends it again with the same key
    // after a short jittered pause, as a client should: the server records it once.
    let retries = 0;
    const RETRYABLE = new Set([409, 429, 503]);
    const voting = await openLoop(schedule, async (i) => {
      const sentAt = monotonicMicros();
      const key = randomUUID();
      let last = '';
      for (let attempt = 0; attempt < 6; attempt++) {
        if (attempt > 0) {
          retries++;
          await sleep(200 * 2 ** attempt * (0.5 + Math.random()));
        }
        let response: Response;
        try {
          response = await fetch(ballotUrl, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ memberId: memberId(i), choice: choiceOf(i) }),
          });
        } catch (error) {
          last = `network: ${((error as Error).cause as Error)?.message ?? (error as Error).message}`;
          continue;
        }
        const text = await response.text();
        const ackAt = monotonicMicros();
        if (response.status === 201) return { key: (JSON.parse(text) as { position: string }).position, sentAt, ackAt };
        last = `${response.status} ${(JSON.parse(text) as { code?: string }).code ?? ''}: ${text.slice(0, 200)}`;
        if (!RETRYABLE.has(response.status) || (response.status === 409 && !text.includes('"busy"'))) break;
      }
      throw new Error(last);
    });
    const lastAck = Math.max(...voting.sent.map((s) => s.ackAt));
    const firstSend = Math.min(...voting.sent.map((s) => s.sentAt));
    await Promise.all(voting.sent.map((s) => fleet!.waitForAll('klaster', s.key, 30_000)));
    const klasterSeconds = (performance.now() - m0.at) / 1000;
    const klasterCpu = { server: cpu(klasterPid) - m0.server, clients: fleet.cpuSeconds() - m0.clients, machine: machineBusySeconds() - m0.busy };
    const klaster = deliveries(voting.sent, await fleet.collect('klaster'));
    const sample = await fleet.sample('klaster');
    const meeting = await api.call('GET', `/api/meetings/${MEETING_ID}`, 'p1');
    const vote = (meeting.body.votes as { voteId: string; ballotsCast: number }[]).find((v) => v.voteId === VOTE_ID)!;
    const expected = { yes: 0, no: 0, abstain: 0 };
    for (let i = 0; i < members; i++) expected[choiceOf(i)]++;
    const lastTally = (sample.message as { fragment?: { vote?: { tally?: unknown; ballotsCast?: number } } })?.fragment?.vote;
    const reasons = new Map<string, number>();
    for (const f of voting.failures) reasons.set(f.split(':')[0], (reasons.get(f.split(':')[0]) ?? 0) + 1);
    if (voting.failures.length) log(`refusals: ${[...reasons].map(([r, n]) => `${r} × ${n}`).join(', ')}; e.g. ${voting.failures[0]}`);
    log(`Klaster: ${voting.sent.length} acknowledged, ${voting.failures.length} refused; ${vote.ballotsCast} counted; p99 ${ms(percentile(klaster.fromAck, 99))} ms`);

    // 2. The floor: the same schedule of broadcasts of the same payload, through bare socket.io.
    const template = await fetch(`${bare.url}/template`, { method: 'PUT', body: JSON.stringify(sample.message) });
    if (template.status !== 204) throw new Error(`bare template: ${template.status}`);
    let seq = 1_000_000;
    for (let i = 0; i < 20; i++) await fetch(`${bare.url}/broadcast/${++seq}`, { method: 'POST' }).then((r) => r.text()); // warm-up
    await sleep(500);
    await fleet.collect('bare');
    m0 = { busy: machineBusySeconds(), server: cpu(bare.pid), clients: fleet.cpuSeconds(), at: performance.now() };
    const bareUrl = bare.url;
    const broadcasting = await openLoop(schedule, async () => {
      const key = String(++seq);
      const sentAt = monotonicMicros();
      const response = await fetch(`${bareUrl}/broadcast/${key}`, { method: 'POST' });
      await response.text();
      const ackAt = monotonicMicros();
      if (response.status !== 201) throw new Error(`bare ${key}: ${response.status}`);
      return { key, sentAt, ackAt };
    });
    await Promise.all(broadcasting.sent.map((s) => fleet!.waitForAll('bare', s.key, 30_000)));
    const bareSeconds = (performance.now() - m0.at) / 1000;
    const bareCpu = { server: cpu(bare.pid) - m0.server, clients: fleet.cpuSeconds() - m0.clients, machine: machineBusySeconds() - m0.busy };
    const floor = deliveries(broadcasting.sent, await fleet.collect('bare'));
    const rss = { klaster: processRssMiB(klasterPid), bare: processRssMiB(bare.pid) };
    log(`bare: p99 ${ms(percentile(floor.fromAck, 99))} ms`);
    await fleet.stop();
    fleet = undefined;
    await bare.stop();
    bare = undefined;

    // 3. The HTTP floor: bare Express and bare Fastify, alternating rounds (a busy neighbour hits both), the Klaster server idle.
    const floors: Record<'express' | 'fastify', HttpFloor[]> = { express: [], fastify: [] };
    for (let round = 0; round < HTTP_ROUNDS; round++) {
      for (const framework of round % 2 === 0 ? (['express', 'fastify'] as const) : (['fastify', 'express'] as const)) floors[framework].push(await httpFloor(framework, httpSeconds));
    }
    const express = medianFloor(floors.express);
    const fastify = medianFloor(floors.fastify);
    log(`HTTP floor: Express ${express.rate.toFixed(0)}/s, Fastify ${fastify.rate.toFixed(0)}/s`);

    const ballotsPerSecond = voting.sent.length / ((lastAck - firstSend) / 1e6);
    const k = { p50: percentile(klaster.fromAck, 50), p99: percentile(klaster.fromAck, 99), s50: percentile(klaster.fromSend, 50), s99: percentile(klaster.fromSend, 99) };
    const f = { p50: percentile(floor.fromAck, 50), p99: percentile(floor.fromAck, 99), s50: percentile(floor.fromSend, 50), s99: percentile(floor.fromSend, 99) };
    const tallyOk = JSON.stringify(lastTally?.tally) === JSON.stringify(expected) || lastTally?.ballotsCast === members;
    const counted = vote.ballotsCast === members && voting.sent.length === members;
    const noMiss = klaster.incomplete === 0;
    const within2x = k.p99 <= 2 * Math.max(f.p99, 1);
    const lift = fastify.rate / express.rate;
    // What the framework is of a ballot's cost: Express's CPU per request against Klaster's per ballot.
    const klasterCpuPerBallotUs = (1e6 * klasterCpu.server) / Math.max(1, voting.sent.length);
    const frameworkShare = Math.min(1, express.serverCpuPerRequestUs / klasterCpuPerBallotUs);
    const cpuLift = express.serverCpuPerRequestUs / fastify.serverCpuPerRequestUs;
    const bestCase = 1 / (1 - frameworkShare + frameworkShare / cpuLift);
    const lines = [
      `## Assembly: ${members} members vote within ${windowMs / 1000} s, ${members} sockets follow (${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      '',
      `\`npm run bench:assembly\`: ${members} ballots over HTTP at seeded random moments within ${windowMs / 1000} s (open loop), each member with its own token, while ${members} socket.io clients (${clientProcesses} processes) follow the meeting's room; then the same schedule of broadcasts of the same payload (${sample.bytes} bytes) through a bare socket.io server to ${members} sockets of its own (the floor); then a bare Express and a bare Fastify server (one trivial JSON \`POST\` route, autocannon, 64 connections, ${httpSeconds} s). Machine: ${require('node:os').cpus().length} cores shared, load ${loadAtStart.toFixed(2)} at the start. Latency: from the acknowledgement (Klaster: the ballot's 201; floor: the bare server's 201, sent right after its emit) to the moment the last socket has the message; 0 when every socket had it before the acknowledgement arrived.`,
      '',
      '| | Klaster | bare socket.io floor | ratio |',
      '| --- | ---: | ---: | ---: |',
      `| messages acknowledged | ${voting.sent.length} of ${members} ballots (${retries} retries; ${voting.failures.length} refused${voting.failures.length ? `: ${[...reasons].map(([r, n]) => `${r} × ${n}`).join(', ')}` : ''}) | ${broadcasting.sent.length} of ${members} | |`,
      `| acknowledged per second | ${ballotsPerSecond.toFixed(0)} ballots/s | ${(broadcasting.sent.length / bareSeconds).toFixed(0)} broadcasts/s | |`,
      `| p50 ack → every socket, ms | ${ms(k.p50)} | ${ms(f.p50)} | ${(k.p50 / Math.max(f.p50, 0.01)).toFixed(2)}× |`,
      `| p99 ack → every socket, ms | ${ms(k.p99)} | ${ms(f.p99)} | ${(k.p99 / Math.max(f.p99, 0.01)).toFixed(2)}× |`,
      `| p50 / p99 send → every socket, ms | ${ms(k.s50)} / ${ms(k.s99)} | ${ms(f.s50)} / ${ms(f.s99)} | ${(k.s99 / Math.max(f.s99, 0.01)).toFixed(2)}× (p99) |`,
      `| messages at every socket before the acknowledgement | ${klaster.beforeAck} | ${floor.beforeAck} | |`,
      `| messages some socket missed (socket-messages) | ${klaster.incomplete} (${klaster.missed}) | ${floor.incomplete} (${floor.missed}) | |`,
      `| CPU s: server / clients / whole machine | ${klasterCpu.server.toFixed(1)} / ${klasterCpu.clients.toFixed(1)} / ${klasterCpu.machine.toFixed(1)} over ${klasterSeconds.toFixed(1)} s | ${bareCpu.server.toFixed(1)} / ${bareCpu.clients.toFixed(1)} / ${bareCpu.machine.toFixed(1)} over ${bareSeconds.toFixed(1)} s | |`,
      `| server RSS after, MiB | ${rss.klaster.toFixed(0)} | ${rss.bare.toFixed(0)} | |`,
      '',
      `Counted by the server: ${vote.ballotsCast} ballots; the last vote message a socket got shows ${JSON.stringify(lastTally?.tally ?? null)} (${lastTally?.ballotsCast ?? '?'} cast; expected ${JSON.stringify(expected)}).`,
      '',
      `| HTTP floor (trivial route; median of ${HTTP_ROUNDS / 2} rounds each, alternating) | requests/s | all rounds | p50 ms | p99 ms | server CPU µs/request | non-2xx / errors |`,
      '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
      ...[express, fastify].map((h) => `| ${h.framework} | ${h.rate.toFixed(0)} | ${h.rates.map((r) => r.toFixed(0)).join(' / ')} | ${h.p50} | ${h.p99} | ${h.serverCpuPerRequestUs.toFixed(0)} | ${h.non2xx} / ${h.errors} |`),
      '',
      `Fastify / Express: **${lift.toFixed(2)}×** requests/s and ${cpuLift.toFixed(2)}× less CPU per request on the bare floor. But the framework is a small part of a ballot: Klaster's server spent ${klasterCpuPerBallotUs.toFixed(0)} µs of CPU per ballot (auth, validation, idempotency, the decider, the append, the projection, the socket push), of which the Express floor's ${express.serverCpuPerRequestUs.toFixed(0)} µs is ${(100 * frameworkShare).toFixed(0)} %; even if Fastify cut that part ${cpuLift.toFixed(2)}×, a ballot would cost at best ${((1 - 1 / bestCase) * 100).toFixed(0)} % less CPU (a **${bestCase.toFixed(2)}×** lift of Klaster's ceiling), before re-adding on Fastify the features the bare floor lacks (docs page, error filter, idempotency, helmet, rate limits).`,
      '',
      '| target | measured | met |',
      '| --- | --- | --- |',
      `| every ballot counted | ${vote.ballotsCast} of ${members} | ${counted && tallyOk ? 'yes' : '**no**'} |`,
      `| no socket misses one | ${klaster.missed} socket-messages missed | ${noMiss ? 'yes' : '**no**'} |`,
      `| p99 within 2× the floor | ${ms(k.p99)} ms vs ${ms(f.p99)} ms (${(k.p99 / Math.max(f.p99, 0.01)).toFixed(2)}×) | ${within2x ? 'yes' : '**no**'} |`,
      `| switch to Fastify only if it lifts Klaster ≥ 1.5× | floor ${lift.toFixed(2)}×, Klaster's ceiling at best ${bestCase.toFixed(2)}× | ${bestCase >= 1.5 ? '**switch**' : 'no switch'} |`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const doc = recordInBenchmarksDoc(lines.join('\n'));
    if (doc) log(`appended to ${doc}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: Error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
