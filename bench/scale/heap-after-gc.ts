/**
 * The live heap of the measured server after a full garbage collection, read through the V8 inspector
 * (the server is started with `--inspect=127.0.0.1:<port>`, loopback only, in the benchmark alone):
 * `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`. RSS alone cannot tell a bounded cache
 * from garbage V8 has not returned. The inspector's WebSocket is spoken by a one-shot Node process
 * with `--experimental-websocket` (Node 20 has no WebSocket client otherwise; no extra dependency).
 */
import { spawn } from 'node:child_process';

const CLIENT = `
const [url] = process.argv.slice(1);
const ws = new WebSocket(url);
let id = 0;
const pending = new Map();
const send = (method, params = {}) => new Promise((resolve, reject) => { pending.set(++id, { resolve, reject }); ws.send(JSON.stringify({ id, method, params })); });
ws.onmessage = (m) => { const msg = JSON.parse(m.data); const p = pending.get(msg.id); if (!p) return; pending.delete(msg.id); msg.error ? p.reject(new Error(msg.error.message)) : p.resolve(msg.result); };
ws.onerror = () => { console.error('inspector connection failed'); process.exit(1); };
ws.onopen = async () => {
  await send('HeapProfiler.collectGarbage');
  const usage = await send('Runtime.getHeapUsage');
  console.log(JSON.stringify(usage));
  ws.close();
  process.exit(0);
};
setTimeout(() => { console.error('inspector timed out'); process.exit(1); }, 120000);
`;

/** MiB of the server's live JS heap after a forced GC, or NaN when it could not be read. */
export async function heapAfterGcMiB(inspectPort: number): Promise<number> {
  try {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) return NaN;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', CLIENT, url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(stderr || `exit ${code}`))));
    });
    const usage = JSON.parse(out) as { usedSize: number; totalSize: number };
    return usage.usedSize / 2 ** 20;
  } catch {
    return NaN;
  }
}
