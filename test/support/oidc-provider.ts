import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface TestProvider {
  issuer: string;
  /** Registers Klaster as its client, once Klaster's redirect URI is known. */
  register(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<void>;
  stop(): Promise<void>;
}

/** A real OpenID Connect provider (oidc-provider) listening on localhost, in a worker thread of this process. */
export async function startTestProvider(): Promise<TestProvider> {
  const worker = new Worker(join(__dirname, 'oidc-provider.worker.mjs'));
  const next = (type: string) =>
    new Promise<{ type: string; issuer?: string }>((resolve, reject) => {
      const onMessage = (m: { type: string; issuer?: string }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const { issuer } = await next('listening');
  return {
    issuer: issuer!,
    async register(client) {
      const ready = next('ready');
      worker.postMessage({ type: 'client', ...client });
      await ready;
    },
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ type: 'stop' });
      // At most two seconds for a clean stop; the timer cleared after, so it keeps no jest worker alive.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
