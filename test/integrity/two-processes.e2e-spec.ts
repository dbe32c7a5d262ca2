import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../support/test-server';
import { ENTRY, killLeftovers, run, startServerProcess, until, type ServerProcess } from '../support/server-process';

describe('two processes, one data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'klaster-two-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const health = async () => (await fetch(`${server!.url}/health`)).json() as Promise<{ headPosition: string; readModels: { position: string } }>;

  it('a second server, the demo loader and a rebuild are refused while a server runs, naming it; the demo loads once it is stopped', async () => {
    server = await startServerProcess({ DATA_DIR: dataDir });
    const pid = server.child.pid;
    // Its start-up message suggests nothing that would break it.
    await until(async () => server!.output(), (o) => o.includes('The store is empty'));
    expect(server.output()).toContain('The store is empty. To try Klaster with the seed-004 demo cluster, restart this server with DEMO=true.');
    expect(server.output()).not.toContain('npm run demo');
    // All three at once, each its own process.
    const second = run(ENTRY.server, { DATA_DIR: dataDir });
    const demo = run(ENTRY.demo, { DATA_DIR: dataDir });
    const rebuild = run(ENTRY.cli, { DATA_DIR: dataDir }, ['projections', 'rebuild']);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by a Klaster server (pid ${pid}, since`);
    expect(second.output()).toContain('Stop that process first, or give this server a DATA_DIR of its own.');
    expect(second.output()).not.toMatch(/^\s+at /m);
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toContain(`in use by a Klaster server (pid ${pid}, since`);
    expect(demo.output()).toContain('Restart the server with DEMO=true');
    expect(demo.output()).not.toMatch(/^\s+at /m);
    expect(await rebuild.exited).toBe(1);
    expect(rebuild.output()).toContain(`in use by a Klaster server (pid ${pid}, since`);

    // Nothing was written beside the running server.
    expect(await health()).toMatchObject({ headPosition: '0', readModels: { position: '0' } });
    await server.stop();
    server = undefined;

    // Once it is stopped (its lock gone with it), the demo loader has the folder to itself; a server
    // then serves what it wrote, applied once.
    const loaded = run(ENTRY.demo, { DATA_DIR: dataDir });
    expect(await loaded.exited).toBe(0);
    expect(loaded.output()).toContain('Loaded the seed-004 demo cluster');
    const after = await startTestServer({ DATA_DIR: dataDir });
    try {
      const h = (await after.call('GET', '/health', { as: null })).body;
      expect(BigInt(h.headPosition)).toBeGreaterThan(19n);
      expect(h.readModels.position).toBe(h.headPosition);
      const cluster = await after.call('GET', '/api/clusters/wm-kes', { as: 'elzbieta-nowakowska' });
      expect(Object.keys(cluster.body.members)).toHaveLength(19);
    } finally {
      await after.close();
    }
  }, 240_000);
});
