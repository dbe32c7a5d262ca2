import { gzipSync } from 'node:zlib';
import { mintToken } from '@klaster/identity';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/test-server';
import { foundSmallCluster } from '../support/small-cluster';

const amendment = (amendmentId: string) => ({ amendmentId, memberId: 'm1', change: { kind: 'replace', section: '§ 1', text: 'Nowy cel.' }, rationale: 'Cel się zmienił.' });

/** What a client sees for bodies it should not send: 413, 415, 400 with a stable code, never a 500 nor a stack trace. */
describe('request bodies', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = await mintToken(TEST_SECRET, 'p1');
  });
  afterAll(() => server.close());

  const post = (path: string, headers: Record<string, string>, body: string | Buffer) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, text: await r.text() }));

  const cases: [string, Record<string, string>, () => string | Buffer, number, string][] = [
    ['a 3 MB body', { 'content-type': 'application/json' }, () => JSON.stringify({ clusterId: 'x', name: 'a'.repeat(3_000_000) }), 413, 'payload_too_large'],
    ['charset=latin1', { 'content-type': 'application/json; charset=latin1' }, () => '{"clusterId":"x"}', 415, 'unsupported_media_type'],
    ['text/plain', { 'content-type': 'text/plain' }, () => '{"clusterId":"x"}', 415, 'unsupported_media_type'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'clusterId=x', 415, 'unsupported_media_type'],
    ['no content type', {}, () => '{"clusterId":"x"}', 415, 'unsupported_media_type'],
    ['garbage gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, () => 'these bytes are not gzip', 400, 'invalid_request'],
    ['an unknown encoding', { 'content-type': 'application/json', 'content-encoding': 'br-ish' }, () => '{}', 415, 'unsupported_media_type'],
    ['JSON that does not parse', { 'content-type': 'application/json' }, () => '{"clusterId": ', 400, 'invalid_request'],
  ];

  for (const [name, headers, body, status, code] of cases) {
    for (const withToken of [false, true]) {
      it(`answers ${name} with ${status} ${code} ${withToken ? 'with' : 'without'} a token, and no stack trace`, async () => {
        const res = await post('/api/clusters', { ...headers, ...(withToken ? { authorization: `Bearer ${token}` } : {}) }, body());
        expect(res.status).toBe(status);
        const parsed = JSON.parse(res.text);
        expect(parsed).toMatchObject({ statusCode: status, code });
        expect(typeof parsed.message).toBe('string');
        expect(res.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
      });
    }
  }

  it('reads a gzip-encoded JSON body, and an agreement of 300 KB', async () => {
    const founding = {
      clusterId: 'gz',
      name: 'Klaster gzip',
      foundedOn: '2023-01-10',
      coordinatorMemberId: 'm1',
      foundingMembers: [{ memberId: 'm1', organisation: { name: 'Org', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } }],
      agreement: { title: 'Porozumienie', sections: Array.from({ length: 150 }, (_, i) => ({ number: `§ ${i + 1}`, title: 'Cel', text: 'Współpraca. '.repeat(170) })) },
    };
    const res = await post('/api/clusters', { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${token}` }, gzipSync(JSON.stringify(founding)));
    expect(JSON.parse(res.text)).toMatchObject({ streamId: 'cluster-gz' });
    expect(res.status).toBe(201);
  });

  it('reads a 1.2 MB body, and leaves the bound to the store: an event over MAX_EVENT_BYTES is 413 there', async () => {
    const founding = {
      clusterId: 'big',
      name: 'Klaster',
      foundedOn: '2023-01-10',
      coordinatorMemberId: 'm1',
      foundingMembers: [{ memberId: 'm1', organisation: { name: 'Org', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } }],
      agreement: { title: 'Porozumienie', sections: Array.from({ length: 12 }, (_, i) => ({ number: `§ ${i + 1}`, title: 'Cel', text: 'x'.repeat(100_000) })) },
    };
    const res = await post('/api/clusters', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify(founding));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'payload_too_large', error: 'too_large', message: expect.stringMatching(/1000000/) });
  });

  it('accepts a command with no body at all', async () => {
    await foundSmallCluster(server, 'nb');
    const proposed = await server.call('POST', '/api/clusters/nb/amendments', {
      as: 'p1',
      body: amendment('a1'),
    });
    expect(proposed.status).toBe(201);
    const withdrawn = await fetch(`${server.url}/api/clusters/nb/amendments/a1/withdrawal`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(withdrawn.status).toBe(201);
  });
});

describe('every error body carries a stable code', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ READ_YOUR_WRITE_TIMEOUT_MS: '0' });
    await foundSmallCluster(server, 'kl');
  });
  afterAll(() => server.close());

  it.each([
    ['no token', 'GET', '/api/clusters', { as: null }, 401, 'unauthorized'],
    ['an unknown cluster', 'GET', '/api/clusters/nope', {}, 404, 'not_found'],
    ['an unknown route', 'GET', '/api/nothing-here', {}, 404, 'not_found'],
    ['a malformed body', 'POST', '/api/clusters', { body: { clusterId: 'a b' } }, 400, 'invalid_request'],
    ['a member without the right', 'POST', '/api/clusters/kl/members', { as: 'p2', body: { memberId: 'x', organisation: { name: 'X', sector: 'business' }, representative: { personId: 'px', role: 'R' }, admittedOn: '2023-05-01' } }, 403, 'forbidden'],
    ['a broken rule', 'POST', '/api/clusters/kl/members/m2/signatures', { as: 'p2', body: { textHash: 'f'.repeat(64) } }, 422, 'rule_broken'],
    ['a position the read models have not reached', 'GET', '/api/clusters/kl?position=99999999', { position: false as const }, 503, 'read_models_behind'],
  ] as const)('%s', async (_name, method, path, options, status, code) => {
    const res = await server.call(method, path, { as: 'p1', ...options });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code });
    expect(typeof res.body.error).toBe('string');
    expect(typeof res.body.message).toBe('string');
  });

  it('a reused Idempotency-Key on another request: 422 idempotency_key_reused', async () => {
    const first = await server.call('POST', '/api/clusters/kl/amendments', { as: 'p1', body: amendment('a1'), headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    const reused = await server.call('POST', '/api/clusters/kl/amendments', { as: 'p1', body: amendment('a2'), headers: { 'idempotency-key': 'k-1' } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });
});
