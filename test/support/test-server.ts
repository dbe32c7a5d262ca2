import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../apps/server/src/bootstrap';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { mintToken } from '@klaster/identity';
import type { DestinationStream } from 'pino';
import { apiContract } from './api-contract';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-42';

export interface CallOptions {
  as?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** false: do not add the last command's position to a GET. */
  position?: false;
  /** false: do not check the answer against the published OpenAPI document (a test about a broken answer). */
  contract?: false;
}

export interface TestServer extends RunningServer {
  dataDir: string;
  /**
   * Calls the API as a person (or anonymously with `as: null`). Reads its own writes: a GET carries
   * `?position=` of the last command this client wrote (unless the path already names a position, or
   * `position: false`), so the server answers once its read models have caught up with it.
   */
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; headers: Headers }>;
  /** The highest position a command answered through `call`, if any. */
  readonly lastPosition: bigint | undefined;
  close(): Promise<void>;
}

/** The real server on the embedded store, in a temporary data folder, on a free port. */
export async function startTestServer(env: Record<string, string> = {}, options: { logDestination?: DestinationStream } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'klaster-e2e-'));
  const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ...env }), { logger: false, ...options });
  let lastPosition: bigint | undefined;
  return {
    ...server,
    dataDir,
    get lastPosition() {
      return lastPosition;
    },
    async call(method, path, options = {}) {
      if (method === 'GET' && lastPosition !== undefined && options.position !== false && path.startsWith('/api/') && !/[?&]position=/.test(path)) {
        path = `${path}${path.includes('?') ? '&' : '?'}position=${lastPosition}`;
      }
      const headers: Record<string, string> = { ...options.headers };
      if (options.as !== null) headers.authorization = `Bearer ${await mintToken(TEST_SECRET, options.as ?? 'nobody')}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${server.url}${path}`, {
        method,
        // A redirect is the answer to check, not the page it leads to.
        redirect: 'manual',
        headers,
        body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type');
      // JSON is parsed; a file (JSON Lines, CSV, PEM) is its text.
      const body = !text ? undefined : !contentType || /[/+]json\b/.test(contentType) ? JSON.parse(text) : text;
      // Every answer of a documented route must be what /api/docs says it is (test/support/api-contract.ts).
      const violation = options.contract === false ? undefined : apiContract().violation(method, path, response.status, body, contentType);
      if (violation) throw new Error(`The answer does not match the published OpenAPI document: ${violation}\n${JSON.stringify(body).slice(0, 2000)}`);
      const written = method !== 'GET' && response.ok && typeof body?.position === 'string' && /^\d+$/.test(body.position) ? BigInt(body.position) : undefined;
      if (written !== undefined && (lastPosition === undefined || written > lastPosition)) lastPosition = written;
      return { status: response.status, body, headers: response.headers };
    },
    async close() {
      await server.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
