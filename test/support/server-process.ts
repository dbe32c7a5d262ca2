import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_SECRET } from './test-server';
import { builtEntry } from './built-app';

/**
 * The entry points as `npm start`, `npm run demo` and the container's `klaster …` run them: the built
 * JavaScript (built once per change of the sources by jest's global setup, see built-app.ts).
 */
export const ENTRY = {
  get server() {
    return builtEntry('server');
  },
  get demo() {
    return builtEntry('demo');
  },
  get cli() {
    return builtEntry('cli');
  },
};

export interface ChildRun {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Ends (SIGKILL, by their own pid) every process these helpers started that still runs: for afterAll, so a failed test leaves none behind. */
export async function killLeftovers(): Promise<void> {
  const left = [...running].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(left.map((c) => new Promise((resolve) => c.once('exit', resolve).kill('SIGKILL'))));
}

/** Runs an entry point in its own process with the given environment (the test's own on top). */
export function run(entry: string, env: Record<string, string>, args: string[] = []): ChildRun {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, JWT_SECRET: TEST_SECRET, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

export interface ServerProcess extends ChildRun {
  url: string;
  /** SIGTERM (a clean shutdown), then the exit code. */
  stop(): Promise<number | null>;
}

/** A real server process on a data folder; resolves once it listens (it has checked its tail by then). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const started = run(ENTRY.server, env);
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /Klaster listening on (http:\/\/\S+)/.exec(started.output());
      if (match) resolve(match[1]);
    };
    started.child.stdout!.on('data', look);
    void started.exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${started.output()}`)));
  });
  return {
    ...started,
    url,
    async stop() {
      if (started.child.exitCode === null) started.child.kill('SIGTERM');
      return started.exited;
    },
  };
}

/** Polls until `ready` holds for what `get` returns (a state to reach, not a time to meet); fails after `attempts`. */
export async function until<T>(get: () => Promise<T>, ready: (value: T) => boolean, attempts = 200): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await get();
    if (ready(value) || i >= attempts) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
