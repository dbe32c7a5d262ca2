/**
 * Shared pieces of the event-store benchmark: sizes, the event every subject writes, the interface
 * each subject implements, and small helpers (temp files, percentiles, an async mutex).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchEventData {
  [key: string]: string | number;
  clusterId: string;
  memberId: string;
  role: string;
  note: string;
  seq: number;
}

/** The one event shape every subject stores (about 300 bytes of JSON with its metadata). */
export interface BenchEvent {
  id: string;
  type: string;
  data: BenchEventData;
  metadata: { actor: string; correlationId: string; causationId: string };
}

const CLUSTER = randomUUID();
const NOTE = 'Agreed at the general assembly; signed by the stewards present. '.slice(0, 64);

export function makeEvent(seq: number): BenchEvent {
  const correlationId = randomUUID();
  return {
    id: randomUUID(),
    type: seq % 2 === 0 ? 'MemberAdmitted' : 'RoleAssigned',
    data: { clusterId: CLUSTER, memberId: `member-${seq}`, role: 'steward', note: NOTE, seq },
    metadata: { actor: 'person-bench', correlationId, causationId: correlationId },
  };
}

export function makeEvents(count: number, firstSeq = 0): BenchEvent[] {
  return Array.from({ length: count }, (_, i) => makeEvent(firstSeq + i));
}

/** One open store of a subject, driven by the harness in run.ts. */
export interface StoreHandle {
  /** Appends with an exact expected revision: `expected` is how many events the stream already has. */
  append(streamId: string, expected: number, events: BenchEvent[]): Promise<void>;
  /** One transaction over one event for each of several streams (the raw batched-insert baseline). */
  appendAcross?(items: { streamId: string; expected: number; event: BenchEvent }[]): Promise<void>;
  /** Reads (and decodes) every event of the log; returns how many. */
  readAll(): Promise<number>;
  /** Reads every event of one stream; returns how many. */
  readStream(streamId: string): Promise<number>;
  /** Catches up from the start of the log until it reaches the head; returns how many events; undefined if unsupported. */
  catchUp?(): Promise<number>;
  /** Events stored (sanity check, not timed). */
  count(): Promise<number>;
  /** Durability settings as read back from the connection that writes. */
  durability(): Promise<string>;
  /** Extra counters a subject exposes (Klaster: group commit). */
  stats?(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * How a subject serves "64 concurrent writers":
 * - concurrent: 64 async writers call append at once;
 * - batched: the harness writes one event per writer per transaction (raw baseline: 64 events/txn);
 * - serialised: 64 async writers, each append waits on an application-level mutex (a store that
 *   cannot take concurrent appends).
 */
export type ConcurrentMode = 'concurrent' | 'batched' | 'serialised';

export interface Subject {
  key: string;
  label: string;
  concurrentMode: ConcurrentMode;
  /** Workloads this subject does not run (shown as n/a). */
  skip?: WorkloadKey[];
  open(path: string): Promise<StoreHandle>;
  /** Version of the SQLite library the subject runs on. */
  sqliteVersion(): Promise<string>;
}

export type WorkloadKey = 'oneWriter' | 'concurrent' | 'batch' | 'readAll' | 'readStream' | 'catchUp';

export interface Sizes {
  oneWriter: number;
  writers: number;
  perWriter: number;
  batchCalls: number;
  batchSize: number;
  /** Pre-filled store for the read workloads: streams × eventsPerStream events. */
  prefillStreams: number;
  eventsPerStream: number;
  readStreams: number;
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return Math.round(value);
}

/**
 * Defaults finish in a few minutes on 2 cores. BENCH_SCALE multiplies every count (0.1 for a quick
 * look); each size can also be set on its own.
 */
export function sizesFromEnv(): Sizes {
  const scaleRaw = process.env.BENCH_SCALE;
  const scale = scaleRaw === undefined || scaleRaw === '' ? 1 : Number(scaleRaw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`BENCH_SCALE must be a positive number, got ${scaleRaw}`);
  const scaled = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    oneWriter: envInt('BENCH_ONE_WRITER', scaled(5_000)),
    writers: envInt('BENCH_WRITERS', 64),
    perWriter: envInt('BENCH_PER_WRITER', scaled(300)),
    batchCalls: envInt('BENCH_BATCH_CALLS', scaled(500)),
    batchSize: envInt('BENCH_BATCH_SIZE', 100),
    prefillStreams: envInt('BENCH_PREFILL_STREAMS', scaled(2_000)),
    eventsPerStream: envInt('BENCH_EVENTS_PER_STREAM', 100),
    readStreams: envInt('BENCH_READ_STREAMS', scaled(500)),
  };
}

/** Tiny sizes for the JIT warm-up pass that precedes each subject's measured pass. */
export const WARMUP_SIZES: Sizes = {
  oneWriter: 200,
  writers: 64,
  perWriter: 4,
  batchCalls: 10,
  batchSize: 100,
  prefillStreams: 30,
  eventsPerStream: 100,
  readStreams: 10,
};

export interface TempStore {
  path: string;
  dispose(): void;
}

/** A fresh directory under os.tmpdir() holding one database file (plus its -wal/-shm). */
export function tempStore(prefix: string): TempStore {
  const dir = mkdtempSync(join(tmpdir(), `klaster-bench-${prefix}-`));
  return { path: join(dir, 'store.db'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(sortedMs: Float64Array, p: number): number {
  if (sortedMs.length === 0) return NaN;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank];
}

export interface LatencySummary {
  p50: number;
  p99: number;
}

export function summarise(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** FIFO async mutex: what an application needs in front of a store that refuses concurrent appends. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export function now(): number {
  return performance.now();
}
