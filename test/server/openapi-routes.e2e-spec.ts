import { apiContract } from '../support/api-contract';
import { startTestServer, type TestServer } from '../support/test-server';

/*
 * The document cannot drift from the server: the routes the running app's Express router holds (every
 * Nest controller route ends up there, with its path as declared) are compared with the document's
 * paths, both ways. A new route without a description, or a description of a route gone, fails here by
 * name — and an undocumented route would otherwise escape the contract check of every e2e answer.
 */

/** Routes served on purpose without a description in the published document, each with its reason. */
const PRIVATE: Record<string, string> = {
  'POST /api/bench/noop': 'only with BENCH_NOOP=true: the benchmark’s do-nothing command (npm run bench:api), not part of the API',
  'GET /api/demo/people': 'only with DEMO=true: the demo site’s sign-in picker, not part of the API',
  'POST /api/demo/token': 'only with DEMO=true: demo tokens for the demo’s people, not part of the API',
};

/** `/api/clusters/:clusterId/audit/export.:format` and `/api/clusters/{clusterId}/audit/export.{format}` alike: `/api/clusters/{}/audit/export.{}`. */
const shape = (path: string) => path.replace(/:[A-Za-z0-9_]+|\{[^}]+\}/g, '{}');

interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** What the running server's router serves: `METHOD /path` for every route under /api and /.well-known. */
function servedRoutes(server: TestServer): string[] {
  // Express 5 keeps its router at app.router (Express 4 had app._router).
  const express = server.app.getHttpAdapter().getInstance() as unknown as { router: { stack: RouteLayer[] } };
  return express.router.stack.flatMap((layer) => {
    const route = layer.route;
    if (!route || typeof route.path !== 'string' || !/^\/(api|\.well-known)\//.test(route.path)) return [];
    const path = route.path;
    return Object.keys(route.methods)
      .filter((m) => m !== '_all')
      .map((m) => `${m.toUpperCase()} ${path}`);
  });
}

const documentedRoutes = () =>
  Object.entries(apiContract().document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );

describe('the OpenAPI document names every route the server serves, and only those', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Every module on, the optional ones too, so that nothing registered escapes the comparison.
    server = await startTestServer({ DEMO: 'true', BENCH_NOOP: 'true' });
  });
  afterAll(() => server.close());

  it('describes every route under /api and /.well-known (but the private ones, each with its reason)', () => {
    const served = servedRoutes(server);
    // The router is really read: the routes of several controllers are there, as declared.
    expect(served).toEqual(expect.arrayContaining(['GET /api/clusters/:clusterId', 'GET /api/clusters/:clusterId/audit/export.:format', 'GET /.well-known/klaster-seal-key', ...Object.keys(PRIVATE)]));
    const documented = new Set(documentedRoutes().map((r) => shape(r)));
    const undescribed = served.filter((r) => !PRIVATE[r] && !documented.has(shape(r)));
    expect(undescribed).toEqual([]);
  });

  it('describes no route the server does not serve, and keeps no private route the document describes', () => {
    const served = new Set(servedRoutes(server).map((r) => shape(r)));
    expect(documentedRoutes().filter((r) => !served.has(shape(r)))).toEqual([]);
    expect(Object.keys(PRIVATE).filter((r) => documentedRoutes().some((d) => shape(d) === shape(r)))).toEqual([]);
  });

  it('catches a route added without a description, and a description without its route', () => {
    const documented = new Set(documentedRoutes().map((r) => shape(r)));
    // The comparison itself, on a made-up route each way: neither would pass unnoticed.
    expect(documented.has(shape('GET /api/clusters/:clusterId/audit/nothing-here'))).toBe(false);
    expect(new Set(servedRoutes(server).map((r) => shape(r))).has(shape('GET /api/clusters/{clusterId}/nothing-here'))).toBe(false);
  });
});
