import { ProjectionRunner } from '@klaster/projections';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

/** Queries read the read models; `?position=` waits (bounded) until they reflect a command's write. */
describe('read your own write', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A short bound, so the 503 path answers quickly.
    server = await startTestServer({ READ_YOUR_WRITE_TIMEOUT_MS: '300' });
    await foundSmallCluster(server, 'rw');
  });
  afterAll(() => server.close());

  it('answers a GET given the position a command returned with that write in it', async () => {
    const admit = await server.call('POST', '/api/clusters/rw/members', {
      as: 'p1',
      body: { memberId: 'm6', organisation: { name: 'Nowa', sector: 'business' }, representative: { personId: 'p6', role: 'Prezes' }, admittedOn: '2024-01-02' },
    });
    expect(admit.status).toBe(201);
    const res = await server.call('GET', `/api/clusters/rw?position=${admit.body.position}`, { as: 'p6' });
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: { memberId: string }) => m.memberId)).toContain('m6');
    expect(res.body.revision).toBe(admit.body.revision);
  });

  it('waits while the read models lag behind, and answers 503 with a clear message once the bound passes', async () => {
    const runner = server.app.get(ProjectionRunner);
    await runner.stop();
    try {
      const withdraw = await server.call('POST', '/api/clusters/rw/members/m5/withdrawal', { as: 'p5', body: { withdrawnOn: '2024-02-01', writtenNoticeRef: 'pismo 1' } });
      expect(withdraw.status).toBe(201);
      // How soon the 503 comes against its bound is measured by npm run bench:live (part "batching"), not timed here.
      const late = await server.call('GET', `/api/clusters/rw?position=${withdraw.body.position}`, { as: 'p1' });
      expect(late.status).toBe(503);
      expect(late.body.message).toMatch(new RegExp(`not reached position ${withdraw.body.position} within 300 ms`));
      // Without a position the read models answer at once, with what they have (m5 still active).
      const stale = await server.call('GET', '/api/clusters/rw', { as: 'p1', position: false });
      expect(stale.status).toBe(200);
      expect(stale.body.members.find((m: { memberId: string }) => m.memberId === 'm5').status).toBe('active');
      // A query already waiting is answered as soon as the runner catches up.
      const waiting = server.call('GET', `/api/clusters/rw/agreement?position=${withdraw.body.position}`, { as: 'p1' });
      runner.start();
      expect((await waiting).status).toBe(200);
    } finally {
      runner.start();
    }
    const fresh = await server.call('GET', '/api/clusters/rw', { as: 'p1' });
    expect(fresh.body.members.find((m: { memberId: string }) => m.memberId === 'm5').status).toBe('withdrawn');
  });

  it('answers 503 for a position far ahead of the log', async () => {
    for (const path of ['/api/clusters', '/api/clusters/rw', '/api/clusters/rw/resolutions', '/api/clusters/rw/groups', '/api/me/inbox', '/api/clusters/rw/compliance']) {
      const res = await server.call('GET', `${path}?position=99999999`, { as: 'p1' });
      expect({ path, status: res.status }).toEqual({ path, status: 503 });
    }
  });

  it('refuses a malformed position with 400 and the zod issues', async () => {
    const res = await server.call('GET', '/api/clusters/rw?position=forty-two', { as: 'p1' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: ['position'] })]);
  });

  it('keeps the permission rule: a person of no member of the cluster gets 404, position or not', async () => {
    expect((await server.call('GET', '/api/clusters/rw', { as: 'stranger' })).status).toBe(404);
    expect((await server.call('GET', `/api/clusters/rw?position=${server.lastPosition}`, { as: 'stranger' })).status).toBe(404);
  });
});
