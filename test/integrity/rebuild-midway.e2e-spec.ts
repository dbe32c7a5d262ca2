import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@klaster/event-store';
import { RandomGovernance, seededRandom } from '../../libs/projections/test/random-governance';
import { startTestServer } from '../support/test-server';
import { foundSmallCluster, openMeeting } from '../support/small-cluster';
import { ENTRY, killLeftovers, run } from '../support/server-process';

describe('projections rebuild, killed midway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'klaster-rebuild-kill-'));
  afterAll(async () => {
    await killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the previous read models in place: a server started afterwards serves every document, and the next rebuild completes', async () => {
    // A long log, its last acts a cluster and a meeting, projected by a server that then stopped cleanly.
    const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
    await new RandomGovernance(store, seededRandom(11)).run(1_500);
    await store.close();
    let server = await startTestServer({ DATA_DIR: dataDir });
    await foundSmallCluster(server, 'k1');
    await openMeeting(server, 'k1', 'ostatnie', 'council', ['m1', 'm2']);
    expect((await server.call('GET', '/api/meetings/k1.ostatnie', { as: 'p2' })).status).toBe(200);
    const head = server.lastPosition!;
    await server.close();

    // One event per transaction, killed (SIGKILL) as soon as it reports its first committed batch.
    const rebuild = run(ENTRY.cli, { DATA_DIR: dataDir }, ['projections', 'rebuild', '--batch-size', '1']);
    await new Promise<void>((resolve) => {
      const look = () => /events \(position \d+\)/.test(rebuild.output()) && resolve();
      rebuild.child.stderr!.on('data', look);
      void rebuild.exited.then(() => resolve());
    });
    rebuild.child.kill('SIGKILL');
    await rebuild.exited;
    expect(rebuild.output()).toContain('Rebuilding');
    expect(rebuild.output()).not.toContain('Rebuilt the read models');

    // The read models are the server's, whole: the meeting the rebuild had not reached yet is there.
    server = await startTestServer({ DATA_DIR: dataDir });
    try {
      const meeting = await server.call('GET', '/api/meetings/k1.ostatnie', { as: 'p2', position: false });
      expect(meeting.status).toBe(200);
      expect(meeting.body).toMatchObject({ meetingId: 'k1.ostatnie', status: 'open' });
      const health = await server.call('GET', '/health', { as: null });
      expect(BigInt(health.body.readModels.position)).toBeGreaterThanOrEqual(head);
      expect((await server.call('GET', '/api/clusters', { as: 'p2', position: false })).body.map((c: { clusterId: string }) => c.clusterId)).toContain('k1');
    } finally {
      await server.close();
    }

    // A rebuild run to the end replaces them, and discards what the killed one left beside them.
    expect(existsSync(join(dataDir, 'read-models.sqlite.rebuilding'))).toBe(true);
    const complete = run(ENTRY.cli, { DATA_DIR: dataDir }, ['projections', 'rebuild']);
    expect(await complete.exited).toBe(0);
    expect(complete.output()).toContain(`up to position ${head}`);
    expect(existsSync(join(dataDir, 'read-models.sqlite.rebuilding'))).toBe(false);
    server = await startTestServer({ DATA_DIR: dataDir });
    try {
      expect((await server.call('GET', '/api/meetings/k1.ostatnie', { as: 'p2', position: false })).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 240_000);
});
