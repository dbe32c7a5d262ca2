import type { EventStore } from '@klaster/event-store';
import { EVENT_STORE } from '../../apps/server/src/event-store/event-store.module';
import { startTestServer, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

interface LogLine {
  level: string;
  msg: string;
  correlationId?: string;
  person?: string | null;
  method?: string;
  route?: string | null;
  status?: number;
  durationMs?: number;
  context?: string;
}

describe('the request log and correlation ids', () => {
  let server: TestServer;
  const lines: LogLine[] = [];
  const raw: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ READ_YOUR_WRITE_TIMEOUT_MS: '0', LOG_LEVEL: 'info' }, { logDestination: { write: (s: string) => (raw.push(s), lines.push(JSON.parse(s))) } });
    await foundSmallCluster(server, 'kl');
  });
  afterAll(() => server.close());

  const requestLines = (correlationId: string) => lines.filter((l) => l.correlationId === correlationId && l.status !== undefined);

  it('writes one JSON line per request: correlation id (the client’s, echoed), person, method, route, status, duration', async () => {
    const res = await server.call('POST', '/api/clusters/kl/members/m2/withdrawal', {
      as: 'p2',
      body: { withdrawnOn: '2024-01-01', writtenNoticeRef: 'pismo 1/2024' },
      headers: { 'x-correlation-id': 'corr-42' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe('corr-42');
    expect(requestLines('corr-42')).toEqual([
      expect.objectContaining({ level: 'info', person: 'p2', method: 'POST', route: '/api/clusters/:clusterId/members/:memberId/withdrawal', status: 201, durationMs: expect.any(Number) }),
    ]);
    expect(raw.join('')).not.toMatch(/Bearer|authorization/i);
  });

  it('makes one up when the client sends none, and the command’s events carry it', async () => {
    const res = await server.call('POST', '/api/clusters/kl/members/m3/withdrawal', { as: 'p3', body: { withdrawnOn: '2024-01-02', writtenNoticeRef: 'pismo 2/2024' } });
    expect(res.status).toBe(201);
    const id = res.headers.get('x-correlation-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines(id)).toHaveLength(1);
    const store = server.app.get<EventStore>(EVENT_STORE);
    let last;
    for await (const event of store.readStream('cluster-kl', { direction: 'backwards', maxCount: 1 })) last = event;
    expect(last!.metadata.correlationId).toBe(id);
  });

  it('logs a client’s mistakes as info and a 503 of read-your-write as a warning, never as errors', async () => {
    const before = lines.length;
    expect((await server.call('GET', '/api/clusters/nope', { as: 'p1' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters', { as: null })).status).toBe(401);
    expect((await server.call('POST', '/api/clusters', { as: 'p1', body: { clusterId: 'a b' } })).status).toBe(400);
    expect((await server.call('GET', '/api/clusters/kl?position=999999999', { as: 'p1', position: false })).status).toBe(503);
    const added = lines.slice(before);
    expect(added.filter((l) => l.status !== undefined).map((l) => [l.status, l.level])).toEqual([
      [404, 'info'],
      [401, 'info'],
      [400, 'info'],
      [503, 'warn'],
    ]);
    expect(added.filter((l) => l.level === 'error')).toEqual([]);
  });

  it.each([
    ['an 8 KB X-Correlation-Id', { 'x-correlation-id': 'c'.repeat(8_192) }, 'x-correlation-id'],
    ['a 129-character X-Correlation-Id', { 'x-correlation-id': 'c'.repeat(129) }, 'x-correlation-id'],
    ['an 8 KB Idempotency-Key', { 'idempotency-key': 'k'.repeat(8_192) }, 'idempotency-key'],
    ['a 201-character Idempotency-Key', { 'idempotency-key': 'k'.repeat(201) }, 'idempotency-key'],
    ['an Idempotency-Key that is not ASCII', { 'idempotency-key': 'klucz-é' }, 'idempotency-key'],
  ])('refuses %s with 400 and writes nothing', async (_name, headers, header) => {
    const res = await server.call('POST', '/api/clusters/kl/members/m4/withdrawal', { as: 'p4', body: { withdrawnOn: '2024-01-03', writtenNoticeRef: 'pismo 3/2024' }, headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_request', issues: [expect.objectContaining({ path: [header] })] });
    const cluster = await server.call('GET', '/api/clusters/kl', { as: 'p1' });
    expect(cluster.body.members.find((m: { memberId: string }) => m.memberId === 'm4').status).toBe('active');
  });

  it('accepts the longest allowed headers', async () => {
    const res = await server.call('POST', '/api/clusters/kl/members/m5/withdrawal', {
      as: 'p5',
      body: { withdrawnOn: '2024-01-04', writtenNoticeRef: 'pismo 4/2024' },
      headers: { 'x-correlation-id': 'c'.repeat(128), 'idempotency-key': 'k'.repeat(200) },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe('c'.repeat(128));
  });
});
