import { startTestServer, type TestServer } from '../support/test-server';

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each([
    ['the health check', '/health', null],
    ['an API answer', '/api/clusters', 'p1'],
    ['an API error', '/api/clusters/none', 'p1'],
    ['the docs page', '/api/docs/', null],
    ['the API description', '/api/docs/openapi.json', null],
  ])('%s carries helmet’s headers and no X-Powered-By', async (_name, path, as) => {
    const res = path.endsWith('/') ? await fetch(`${server.url}${path}`) : await server.call('GET', path, { as: as as string | null });
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
  });

  it('still serves the API description as JSON and the Swagger UI page', async () => {
    const doc = await server.call('GET', '/api/docs/openapi.json', { as: null });
    expect(doc.headers.get('content-type')).toMatch(/application\/json/);
    expect(doc.body.openapi).toBe('3.1.0');
    const page = await fetch(`${server.url}/api/docs/`);
    expect(await page.text()).toContain('swagger-ui');
  });
});
