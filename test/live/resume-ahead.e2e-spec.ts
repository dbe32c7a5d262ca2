import { ProjectionRunner } from '@klaster/projections';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';
import { connectLive, type LiveClient } from '../support/live-client';

/**
 * A client resuming with a `lastPosition` this server's read models have not reached (it saw the
 * event on another instance, or the runner lags): the join waits for them, or says to try again.
 */
describe('a live join whose lastPosition is ahead of this server (e2e)', () => {
  let server: TestServer;
  const clients: LiveClient[] = [];
  const connect = async (personId: string) => {
    const client = await connectLive(server, personId);
    clients.push(client);
    return client;
  };
  let n = 0;
  const admit = async () => {
    const memberId = `n${++n}`;
    const res = await server.call('POST', '/api/clusters/przod/members', {
      as: 'p1',
      body: { memberId, organisation: { name: `Nowy ${memberId}`, sector: 'business' }, representative: { personId: `person-${memberId}`, role: 'Prezes' }, admittedOn: '2024-03-01' },
    });
    expect(res.status).toBe(201);
    return res.body.position as string;
  };

  beforeAll(async () => {
    server = await startTestServer();
    await foundSmallCluster(server, 'przod');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('waits until the read models reach the position, then follows live with nothing replayed twice', async () => {
    const runner = server.app.get(ProjectionRunner);
    const waits = jest.spyOn(runner, 'waitFor');
    await runner.stop();
    let ack: Promise<any>;
    let answered = false;
    const client = await connect('p2');
    let position: string;
    try {
      position = await admit();
      expect(runner.position < BigInt(position)).toBe(true);
      ack = client.join('cluster:przod', position);
      void ack.then(() => (answered = true));
      // The gateway is now waiting for the runner (a signal, not a sleep): no answer yet.
      await new Promise<void>((resolve) => {
        const check = () => (answered || waits.mock.calls.some(([p]) => p === BigInt(position)) ? resolve() : setImmediate(check));
        check();
      });
      expect(answered).toBe(false);
    } finally {
      runner.start();
      waits.mockRestore();
    }
    expect(await ack).toMatchObject({ ok: true, room: 'cluster:przod', replayed: 0, position });
    // Nothing at or before lastPosition was sent; the next act arrives live, once.
    const next = await admit();
    await client.until((ms) => ms.some((m) => m.position === next), 'the next act');
    expect(client.messages.map((m) => m.position)).toEqual([next]);
  });

  it('answers ok:false when this server does not reach the position, and does not follow the room', async () => {
    const head = BigInt((await server.call('GET', '/health', { as: null })).body.headPosition);
    const client = await connect('p3');
    const ack = await client.join('cluster:przod', String(head + 1_000n));
    expect(ack).toMatchObject({ ok: false, room: 'cluster:przod', error: expect.stringMatching(/not yet reached position/) });

    const watcher = await connect('p4');
    expect(await watcher.join('cluster:przod')).toMatchObject({ ok: true });
    const next = await admit();
    await watcher.until((ms) => ms.some((m) => m.position === next), 'the act, at the watcher');
    expect(client.messages).toEqual([]);
  });
});
