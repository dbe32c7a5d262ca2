import { io, type Socket } from 'socket.io-client';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

const expectRateLimited = (res: { status: number; body: any; headers: Headers }) => {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('rate_limited');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
};

describe('rate limits per person (HTTP and socket joins) and on replays', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_PERSON: '1000', REPLAY_LIMIT_PER_PERSON: '3', LIVE_RESUME_MAX_EVENTS: '5' });
    await foundSmallCluster(server, 'kl');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });

  it('answers a time-travel read over the budget with 429 and Retry-After; ordinary reads and other people go on', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) expect((await server.call('GET', `/api/clusters/kl?asOf=${today}`, { as: 'p2' })).status).toBe(200);
    expectRateLimited(await server.call('GET', '/api/clusters/kl?atPosition=3', { as: 'p2' }));
    expectRateLimited(await server.call('GET', `/api/clusters/kl/amendments?asOf=${today}`, { as: 'p2' }));
    expect((await server.call('GET', '/api/clusters/kl', { as: 'p2' })).status).toBe(200);
    expect((await server.call('GET', '/api/clusters/kl?atPosition=3', { as: 'p3' })).status).toBe(200);
  });

  const connect = async (personId: string) => {
    const socket = io(`${server.url}/live`, { auth: { token: await mintToken(TEST_SECRET, personId) }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };

  it('tells a live resume from too far back to reload instead, and resumes a short one', async () => {
    const socket = await connect('p4');
    const far = await socket.emitWithAck('join', { room: 'cluster:kl', lastPosition: '0' });
    expect(far).toMatchObject({ ok: false, room: 'cluster:kl', code: 'replay_too_long', error: expect.stringMatching(/reload/) });
    const convened = await server.call('POST', '/api/clusters/kl/meetings', {
      as: 'p1',
      body: { meetingId: 'rada-1', kind: 'council', title: 'Rada', scheduledFor: '2024-03-14T10:00:00.000Z', venue: { mode: 'online', url: 'https://meet.example/k' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }] },
    });
    expect(convened.status).toBe(201);
    await server.call('GET', '/api/clusters/kl', { as: 'p1' }); // the read models have the meeting
    expect(await socket.emitWithAck('join', { room: 'meeting:kl.rada-1', lastPosition: '0' })).toMatchObject({ ok: true, replayed: 1, from: 'log' });
    expect(await socket.emitWithAck('join', { room: 'cluster:kl' })).toMatchObject({ ok: true });
  });
});

describe('rate limits on requests', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_PERSON: '6', RATE_LIMIT_PER_ADDRESS: '20' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });

  it('per person: the 7th request in a minute is 429 with Retry-After, of 10 sent at once exactly 6 pass, and another person is not held up', async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, () => server.call('GET', '/api/clusters', { as: 'anna' })));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(6);
    for (const r of burst.filter((r) => r.status !== 200)) expectRateLimited(r);
    expect((await server.call('GET', '/api/clusters', { as: 'piotr' })).status).toBe(200);
  });

  it('a socket join draws on the same budget', async () => {
    const socket = io(`${server.url}/live`, { auth: { token: await mintToken(TEST_SECRET, 'piotr') }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push(await socket.emitWithAck('join', { room: 'cluster:none' }));
    expect(acks.slice(0, 5).map((a) => a.code)).toEqual(['not_found', 'not_found', 'not_found', 'not_found', 'not_found']);
    expect(acks[5]).toMatchObject({ ok: false, code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
  });

  it('per address: many people from one address share its budget, /health included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await server.call('GET', '/api/clusters', { as: `person-${i}` })).status);
    // 20 a minute from this address: anna's 6 and piotr's 1 HTTP requests, his 5 joins (a request
    // refused for its person's budget does not count against the address), then 8 more.
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expectRateLimited(await server.call('GET', '/health', { as: null }));
  });
});
