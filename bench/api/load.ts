/** One autocannon run: 64 keep-alive connections, each a member with its own token and its own request sequence. */
import autocannon from 'autocannon';

export interface LoadResult {
  label: string;
  seconds: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (autocannon's counts). */
  errors: number;
  timeouts: number;
  /** 2xx per second over the run. */
  rate: number;
  /** Latency of the 2xx responses, ms (measured from autocannon's own hrtime per response). */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** CPU seconds used during the run. */
  cpu: { server: number; loadGenerator: number };
}

export interface ConnectionRequest {
  path: string;
  body: string;
}

export interface LoadOptions {
  label: string;
  url: string;
  connections: number;
  /** Run for this many seconds, unless `perConnection` is given (then each connection sends exactly that many). */
  seconds?: number;
  perConnection?: number;
  /** Bearer token of connection k. */
  token: (k: number) => string;
  /** The next request of connection k (called once per request sent). */
  next: (k: number) => ConnectionRequest;
  serverCpuSeconds: () => number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let clients = 0;
  const setupClient = (client: autocannon.Client) => {
    const k = clients++;
    const headers = { authorization: `Bearer ${options.token(k)}`, 'content-type': 'application/json' };
    client.setRequests([
      {
        method: 'POST',
        headers,
        setupRequest: (request: autocannon.Request) => {
          const { path, body } = options.next(k);
          return { ...request, path, body };
        },
      },
    ]);
    client.on('response', (status: number, _bytes: number, ms: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  };
  const cpuBefore = { server: options.serverCpuSeconds(), own: process.cpuUsage() };
  const started = performance.now();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(options.perConnection ? { amount: options.perConnection * options.connections } : { duration: options.seconds }),
    setupClient,
  });
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(cpuBefore.own);
  const server = options.serverCpuSeconds() - cpuBefore.server;
  if (clients !== options.connections) throw new Error(`${options.label}: autocannon made ${clients} clients, expected ${options.connections}`);
  const sorted = Float64Array.from(latencies).sort();
  const ok = latencies.length;
  const non2xx = Object.entries(statuses).reduce((n, [s, c]) => (Number(s) >= 200 && Number(s) < 300 ? n : n + c), 0);
  // autocannon's duration is the time it ran the connections (its setup and teardown excluded).
  const runSeconds = result.duration > 0 ? result.duration : seconds;
  return {
    label: options.label,
    seconds: runSeconds,
    statuses,
    ok,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rate: ok / runSeconds,
    latency: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      mean: ok ? latencies.reduce((a, b) => a + b, 0) / ok : NaN,
    },
    cpu: { server, loadGenerator: (own.user + own.system) / 1e6 },
  };
}
