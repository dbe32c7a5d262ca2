import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@klaster/identity';
import { TEST_SECRET, startTestServer, type TestServer } from '../support/test-server';
import { foundOtherCluster, foundSmallCluster, openMeeting } from '../support/small-cluster';
import { killLeftovers, startServerProcess, until, type ServerProcess } from '../support/server-process';
import { flipByteOf } from '../support/damaged-log';

async function call(server: { url: string }, method: string, path: string, as?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${await mintToken(TEST_SECRET, as)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

/**
 * A cluster with two meetings; the vote of `m-zle` carries the marker. Written by a server that is
 * then stopped cleanly (its read models and its verification mark are up to date).
 */
async function writeLog(dataDir: string, marker: string): Promise<void> {
  const server = await startTestServer({ DATA_DIR: dataDir });
  try {
    await foundSmallCluster(server, 'k1');
    await foundOtherCluster(server);
    await openMeeting(server, 'k1', 'm-dobre', 'council', ['m1', 'm2']);
    await openMeeting(server, 'k1', 'm-zle', 'council', ['m1', 'm2']);
    const vote = await server.call('POST', '/api/meetings/k1.m-zle/votes', { as: 'p1', body: { voteId: 'v1', agendaItemId: 'a1', motion: `Uchwała w sprawie ${marker}` } });
    if (vote.status !== 201) throw new Error(JSON.stringify(vote.body));
    await server.call('GET', '/api/meetings/k1.m-zle', { as: 'p1' });
  } finally {
    await server.close();
  }
}

describe('one corrupted byte in events.sqlite', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let inProcess: TestServer | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'klaster-damage-'));
  });
  afterEach(async () => {
    await server?.stop();
    await killLeftovers();
    await inProcess?.close();
    server = inProcess = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is found by the background check: /health degraded naming stream and position, 503 for that meeting only, everything else served', async () => {
    await writeLog(dataDir, 'budżetu 4242');
    flipByteOf(dataDir, 'budżetu 4242');
    const server = (inProcess = await startTestServer({ DATA_DIR: dataDir }));

    const health = await until(
      () => call(server, 'GET', '/health'),
      (h) => h.body.verification.background.state === 'done',
    );
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      damaged: [{ streamId: 'meeting-k1.m-zle', revision: '4', problem: 'hash_mismatch', foundBy: 'background check' }],
      verification: { background: { state: 'done', percent: 100 } },
    });
    const { position } = health.body.damaged[0];
    expect(health.body.problems[0]).toContain(`stream 'meeting-k1.m-zle' (revision 4, position ${position}) is damaged: its stored bytes no longer match its hash`);

    // The damaged meeting: one answer, 503 with a stable code, for the read model and for time travel alike.
    const damaged = await call(server, 'GET', '/api/meetings/k1.m-zle', 'p2');
    expect(damaged.status).toBe(503);
    expect(damaged.body).toMatchObject({ code: 'record_damaged', damage: { streamId: 'meeting-k1.m-zle', position, problem: 'hash_mismatch' } });
    expect((await call(server, 'GET', `/api/meetings/k1.m-zle?atPosition=${position}`, 'p2')).body).toMatchObject({ code: 'record_damaged' });
    // Nothing is appended onto it.
    const ballot = await call(server, 'POST', '/api/meetings/k1.m-zle/votes/v1/ballots', 'p1', { memberId: 'm1', choice: 'yes' });
    expect(ballot).toMatchObject({ status: 503, body: { code: 'record_damaged' } });
    // Someone who may not read the cluster still gets the plain 404: a damaged record reveals nothing.
    expect((await call(server, 'GET', '/api/meetings/k1.m-zle', 'z1')).status).toBe(404);
    // Also where the damage is met before anyone is judged (a command, a time-travel read): the outsider
    // gets exactly the answer of a meeting that does not exist.
    const asIfMissing = async (method: string, path: (meetingId: string) => string, body?: unknown) => {
      const there = await call(server, method, path('k1.m-zle'), 'z1', body);
      const nowhere = await call(server, method, path('k1.m-nie-ma'), 'z1', body);
      expect(there.status).toBe(404);
      expect({ ...there.body, message: there.body.message.replace('k1.m-zle', '<id>') }).toEqual({ ...nowhere.body, message: nowhere.body.message.replace('k1.m-nie-ma', '<id>') });
    };
    await asIfMissing('POST', (m) => `/api/meetings/${m}/votes/v1/ballots`, { memberId: 'm1', choice: 'yes' });
    await asIfMissing('GET', (m) => `/api/meetings/${m}?atPosition=${position}`);

    // Everything else is served and goes on.
    expect((await call(server, 'GET', '/api/meetings/k1.m-dobre', 'p2')).status).toBe(200);
    expect((await call(server, 'GET', '/api/clusters/k1', 'p2')).body.clusterId).toBe('k1');
    const other = await call(server, 'POST', '/api/meetings/k1.m-dobre/votes', 'p1', { voteId: 'v9', agendaItemId: 'a1', motion: 'Dalej' });
    expect(other.status).toBe(201);
    expect((await call(server, 'GET', `/api/meetings/k1.m-dobre?position=${other.body.position}`, 'p2')).body.votes).toHaveLength(1);
    expect((await call(server, 'GET', '/api/clusters', 'z1')).body.map((c: { clusterId: string }) => c.clusterId)).toEqual(['inny']);
  });

  it('in a log never verified before (the first start of this version), is found before a server process serves, and logged', async () => {
    await writeLog(dataDir, 'remontu 4242');
    rmSync(join(dataDir, 'integrity.sqlite'), { force: true });
    flipByteOf(dataDir, 'remontu 4242');
    server = await startServerProcess({ DATA_DIR: dataDir });

    // The very first answer already knows: the tail (here, the whole log) was checked before listening.
    const health = await call(server, 'GET', '/health');
    expect(health.body).toMatchObject({
      status: 'degraded',
      damaged: [{ streamId: 'meeting-k1.m-zle', problem: 'hash_mismatch', foundBy: 'start-up check' }],
      verification: { startup: { fromPosition: '0', damaged: 1 } },
    });
    expect(health.body.verification.startup.eventsChecked).toBeGreaterThan(10);
    expect((await call(server, 'GET', '/api/meetings/k1.m-zle', 'p2')).body).toMatchObject({ code: 'record_damaged' });
    expect((await call(server, 'GET', '/api/meetings/k1.m-dobre', 'p2')).status).toBe(200);
    const { position } = health.body.damaged[0];
    expect(server.output()).toContain(`Damaged record (found by the start-up check): event`);
    expect(server.output()).toContain(`of stream 'meeting-k1.m-zle' (revision 4, position ${position}) is damaged: its stored bytes no longer match its hash`);

    // A clean restart remembers it, and checks only what is new.
    await server.stop();
    server = undefined;
    inProcess = await startTestServer({ DATA_DIR: dataDir });
    const again = await call(inProcess, 'GET', '/health');
    expect(again.body).toMatchObject({ status: 'degraded', damaged: [{ streamId: 'meeting-k1.m-zle', foundBy: 'start-up check' }], verification: { startup: { eventsChecked: 0 } } });
  });
});
