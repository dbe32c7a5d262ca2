import { startTestServer, type TestServer } from '../support/test-server';

describe('OpenAPI at /api/docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves the document generated from the zod schemas, and the UI, without a token', async () => {
    const doc = await server.call('GET', '/api/docs/openapi.json', { as: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const admit = doc.body.paths['/api/clusters/{clusterId}/members'].post;
    const schema = admit.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['memberId', 'organisation', 'representative', 'admittedOn']));
    const ui = await fetch(`${server.url}/api/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('describes only routes that exist: each answers with something other than a missing route', async () => {
    const doc = await server.call('GET', '/api/docs/openapi.json', { as: null });
    const calls: [string, string][] = [];
    for (const [path, operations] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) calls.push([method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')]);
    }
    expect(calls.length).toBeGreaterThanOrEqual(14);
    for (const [method, path] of calls) {
      const res = await server.call(method, path, { as: 'someone', body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      // A real route answers 2xx or a domain/validation error; an unknown route answers Nest's "Cannot POST".
      expect({ method, path, missing: res.status === 404 && /Cannot/.test(res.body?.message ?? '') }).toEqual({ method, path, missing: false });
    }
  });
});
