/**
 * The client side of the socket latency benchmark, as seen from the bench process: several client
 * processes (socket-clients.ts, forked with IPC), each holding its share of the sockets of each
 * subject. Sockets are spread round-robin, opened a bounded number at a time per process.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_TICKS, processCpuSeconds } from '../proc-stats';
import { log } from './common';
import type { FromClients, Subject, ToClients } from './socket-clients';

const CLIENT_SCRIPT = join(__dirname, 'socket-clients.ts');

export { processCpuSeconds };

/** Resident memory of a process, MiB (NaN once it is gone). */
export function processRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat), to tell how much others used. */
export function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** The effective limits a child process of this one gets (Node raises its soft fd limit to the hard one at start). */
export function socketLimits(): { openFiles: number; hardOpenFiles: number; portRange: [number, number] | undefined } {
  const r = spawnSync('sh', ['-c', 'ulimit -n; ulimit -Hn'], { encoding: 'utf8' });
  const [soft, hard] = (r.stdout ?? '').trim().split(/\s+/).map((s) => (s === 'unlimited' ? Infinity : Number(s)));
  let portRange: [number, number] | undefined;
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    portRange = [lo, hi];
  } catch {
    portRange = undefined;
  }
  return { openFiles: soft, hardOpenFiles: hard, portRange };
}

/** Children still running, killed if the bench itself exits abruptly. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** A TS file of this folder as a child process of its own (ts-node, transpile only). */
export function spawnTs(file: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register/transpile-only', join(__dirname, file)], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  return child;
}

/** A server of bench/ running in a child process: its URL, its pid, and a stop that waits for its exit. */
export interface ServerInChild {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Waits until a spawned server prints "listening on <url>" (or fails naming `label` with what it
 * printed), then logs its stderr under `label`; stop() sends SIGTERM, and SIGKILL after 5 s.
 */
export async function untilListening(child: ChildProcess, label: string, timeoutMs: number): Promise<ServerInChild> {
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}):\n${output}`));
    });
  });
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.on('data', () => {});
  child.stderr!.on('data', (chunk: Buffer) => log(`[${label}] ${chunk.toString().trimEnd()}`));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

interface ClientProcess {
  child: ChildProcess;
  pid: number;
  sockets: Map<Subject, number>;
}

export interface Collected {
  sockets: number;
  /** Per message key: the arrival time (µs, monotonic) at every socket, NaN where it never arrived. */
  receipts: Map<string, Float64Array>;
  duplicates: number;
  disconnects: number;
}

export class ClientFleet {
  /** (subject, key) → processes that have the message at every socket. */
  private readonly complete = new Map<string, number>();
  private readonly completeWaiters = new Map<string, () => void>();

  private constructor(private readonly processes: ClientProcess[]) {
    for (const p of processes) p.child.on('message', (message: FromClients) => this.onMessage(message));
  }

  /** `nodeArgs`: extra node flags for the client processes (e.g. --cpu-prof to profile them). */
  static async start(count: number, nodeArgs: string[] = []): Promise<ClientFleet> {
    const processes = await Promise.all(
      Array.from({ length: count }, async () => {
        const child = fork(CLIENT_SCRIPT, [], {
          execArgv: [...nodeArgs, '-r', 'ts-node/register/transpile-only'],
          env: { ...process.env, NODE_OPTIONS: '' },
          serialization: 'advanced',
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        track(child);
        const pid = await new Promise<number>((resolve, reject) => {
          child.once('message', (m: FromClients) => (m.op === 'ready' ? resolve(m.pid) : reject(new Error(`unexpected ${m.op}`))));
          child.once('exit', (code) => reject(new Error(`a client process exited (${code}) before it was ready`)));
        });
        return { child, pid, sockets: new Map<Subject, number>() };
      }),
    );
    return new ClientFleet(processes);
  }

  get pids(): number[] {
    return this.processes.map((p) => p.pid);
  }

  cpuSeconds(): number {
    return this.processes.reduce((sum, p) => sum + processCpuSeconds(p.pid), 0);
  }

  rssMiB(): number {
    return this.processes.reduce((sum, p) => sum + processRssMiB(p.pid), 0);
  }

  sockets(subject: Subject): number {
    return this.processes.reduce((sum, p) => sum + (p.sockets.get(subject) ?? 0), 0);
  }

  private onMessage(message: FromClients): void {
    if (message.op === 'complete') {
      const id = `${message.subject}/${message.key}`;
      const n = (this.complete.get(id) ?? 0) + 1;
      this.complete.set(id, n);
      if (n === this.holding(message.subject)) this.completeWaiters.get(id)?.();
    }
  }

  /** Processes holding sockets of the subject. */
  private holding(subject: Subject): number {
    return this.processes.filter((p) => (p.sockets.get(subject) ?? 0) > 0).length;
  }

  /** Sends a command to one process and waits for its answer of the given op. */
  private ask<T extends FromClients['op']>(p: ClientProcess, command: ToClients, answer: T, subject: Subject): Promise<Extract<FromClients, { op: T }>> {
    return new Promise((resolve) => {
      const onMessage = (message: FromClients) => {
        if (message.op === answer && (message as { subject?: Subject }).subject === subject) {
          p.child.off('message', onMessage);
          resolve(message as Extract<FromClients, { op: T }>);
        }
      };
      p.child.on('message', onMessage);
      p.child.send(command);
    });
  }

  /** Opens `more` sockets of the subject, spread over the processes, each joined to the room. */
  async connect(subject: Subject, options: { url: string; token?: string; room: string; more: number; concurrencyPerProcess: number }): Promise<{ failures: string[] }> {
    const share = this.processes.map((_, i) => Math.floor(options.more / this.processes.length) + (i < options.more % this.processes.length ? 1 : 0));
    const answers = await Promise.all(
      this.processes.map((p, i) =>
        share[i] === 0
          ? Promise.resolve({ failures: [] as string[], total: p.sockets.get(subject) ?? 0 })
          : this.ask(p, { op: 'connect', subject, url: options.url, token: options.token, room: options.room, count: share[i], concurrency: options.concurrencyPerProcess }, 'connected', subject),
      ),
    );
    answers.forEach((a, i) => this.processes[i].sockets.set(subject, a.total));
    return { failures: answers.flatMap((a) => a.failures) };
  }

  /** Resolves true once every socket of the subject has the message, false after the timeout. */
  waitForAll(subject: Subject, key: string, timeoutMs: number): Promise<boolean> {
    const id = `${subject}/${key}`;
    if ((this.complete.get(id) ?? 0) >= this.holding(subject)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.completeWaiters.delete(id);
        resolve(false);
      }, timeoutMs);
      this.completeWaiters.set(id, () => {
        clearTimeout(timer);
        this.completeWaiters.delete(id);
        resolve(true);
      });
    });
  }

  /** Every arrival time of the subject since the last collect, merged over the processes (and forgotten there). */
  async collect(subject: Subject): Promise<Collected> {
    const answers = await Promise.all(this.processes.map((p) => this.ask(p, { op: 'collect', subject }, 'collected', subject)));
    const receipts = new Map<string, Float64Array>();
    const sockets = answers.reduce((n, a) => n + a.sockets, 0);
    let offset = 0;
    for (const a of answers) {
      for (const [key, times] of a.receipts) {
        let all = receipts.get(key);
        if (!all) receipts.set(key, (all = new Float64Array(sockets).fill(NaN)));
        all.set(times, offset);
      }
      offset += a.sockets;
    }
    for (const key of [...this.complete.keys()]) if (key.startsWith(`${subject}/`)) this.complete.delete(key);
    return { sockets, receipts, duplicates: answers.reduce((n, a) => n + a.duplicates, 0), disconnects: answers.reduce((n, a) => n + a.disconnects, 0) };
  }

  /** The last message a socket of the subject received (its JSON size in bytes). */
  async sample(subject: Subject): Promise<{ message: unknown; bytes: number }> {
    const p = this.processes.find((q) => (q.sockets.get(subject) ?? 0) > 0);
    if (!p) throw new Error(`no socket of ${subject}`);
    const answer = await this.ask(p, { op: 'sample', subject }, 'sample', subject);
    return { message: answer.message, bytes: answer.bytes };
  }

  async close(subject: Subject): Promise<void> {
    await Promise.all(this.processes.map((p) => this.ask(p, { op: 'close', subject }, 'closed', subject)));
    for (const p of this.processes) p.sockets.delete(subject);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            const killer = setTimeout(() => p.child.kill('SIGKILL'), 5_000);
            p.child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            if (p.child.connected) p.child.send({ op: 'exit' });
            else p.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
