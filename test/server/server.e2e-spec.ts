import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../apps/server/src/bootstrap';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { ENTRY } from '../support/server-process';

describe('server on the embedded store', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klaster-server-'));
    server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }), { logger: false });
  });
  afterAll(async () => {
    await server.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health with the store kind and the log head as a decimal string', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'sqlite', headPosition: '0', damaged: [] });
  });
});

describe('server entry point', () => {
  it('stops with a message naming a bad variable', async () => {
    const child = spawn(process.execPath, [ENTRY.server], { env: { ...process.env, PORT: 'not-a-port' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });

  it('stops with DATA_DIR: … like any other bad setting when the data folder is unusable, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klaster-datadir-'));
    try {
      const file = join(dir, 'not-a-folder');
      writeFileSync(file, 'x');
      for (const [dataDir, message] of [
        [file, `DATA_DIR: ${file} is a file, not a folder`],
        [join(file, 'data'), `DATA_DIR: ${join(file, 'data')} does not exist and cannot be created`],
      ]) {
        const child = spawn(process.execPath, [ENTRY.server], { env: { ...process.env, DATA_DIR: dataDir, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code).toBe(1);
        expect(output).toContain('Invalid configuration:');
        expect(output).toContain(message);
        expect(output).not.toMatch(/^\s+at /m);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
