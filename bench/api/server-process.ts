/** The real server as a child process: its own Node process (own event loop, own core) on a temp store. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuSeconds } from '../proc-stats';

export interface ServerChild {
  url: string;
  pid: number;
  dataDir: string;
  /** CPU seconds (user + system, all threads) the server process has used so far. */
  cpuSeconds(): number;
  /** Asks the server to stop (SIGTERM, then SIGKILL after a grace period) and deletes the temp dir. */
  stop(): Promise<void>;
}

/** Asks the OS for a free port (PORT=0 would not tell us which one the child got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export function build(cwd: string, log: (m: string) => void): void {
  log('building the server (npm run build)…');
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

/** Children still running, killed if the bench itself exits abruptly. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServerChild(options: {
  cwd: string;
  secret: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
  log: (m: string) => void;
  readyTimeoutMs?: number;
  /** An existing data folder, kept when the server stops (default: a new temp folder, deleted). */
  dataDir?: string;
}): Promise<ServerChild> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'klaster-bench-api-'));
  const port = await freePort();
  // The embedded store with its defaults (durable appends): no EventStoreDB, no JWKS from the caller's shell.
  const inherited = { ...process.env };
  for (const name of ['EVENTSTORE_CONNECTION_STRING', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'DEMO', 'MAX_EVENT_BYTES', 'NODE_OPTIONS']) delete inherited[name];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'dist/apps/server/src/main.js'], {
    cwd: options.cwd,
    // Benchmarks drive one person (or thousands of sockets) from one address far beyond what a person
    // does: no rate limits unless the benchmark sets them.
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: options.secret,
      BENCH_NOOP: 'true',
      RATE_LIMIT_PER_PERSON: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      REPLAY_LIMIT_PER_PERSON: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${options.readyTimeoutMs ?? 30_000} ms:\n${output}`)), options.readyTimeoutMs ?? 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Klaster listening on (http:\/\/\S+?) /.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1].replace('localhost', '127.0.0.1'));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
      });
    });
    // Keep draining its output so a chatty server never blocks on a full pipe; show errors.
    child.stdout!.removeAllListeners('data');
    child.stderr!.removeAllListeners('data');
    child.stdout!.on('data', () => {});
    child.stderr!.on('data', (chunk: Buffer) => options.log(`[server] ${chunk.toString().trimEnd()}`));
    options.log(`server pid ${child.pid} listening on ${url} (data in ${dataDir})`);
    return { url, pid: child.pid!, dataDir, cpuSeconds: () => processCpuSeconds(child.pid!), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
