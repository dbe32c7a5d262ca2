import { join } from 'node:path';
import { loadSeed004 } from '../../apps/server/src/demo/load-seed-004';
import { startTestServer, type TestServer } from '../support/test-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { firstViewSize, FIRST_VIEW_BUDGET_BYTES } = require('../../apps/web/scripts/first-view-size.cjs') as {
  firstViewSize(dist: string): { gzipped: number; chunks: { file: string }[]; lazyChunks: number };
  FIRST_VIEW_BUDGET_BYTES: number;
};

describe('the server serves the web page at / (and the page’s reads)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DEMO: 'true' });
    await loadSeed004(server.app);
  });
  afterAll(() => server.close());

  const get = (path: string, accept = 'text/html') => fetch(`${server.url}${path}`, { headers: { accept } });

  it('answers / and the page’s own routes with index.html, assets with a long cache', async () => {
    for (const path of ['/', '/meetings/wm-kes.rada-2015-q1', '/clusters/wm-kes/audit']) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, expect.stringContaining('text/html')]);
      expect(await res.text()).toContain('<div id="root"></div>');
    }
    const html = await (await get('/')).text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const asset = await get(script, '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('never shadows the API, its docs, the health check or socket.io; a missing asset is a 404', async () => {
    expect((await get('/api/clusters')).status).toBe(401);
    const unknown = await get('/api/nothing-here');
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, expect.stringContaining('application/json')]);
    expect(await (await get('/api/docs/')).text()).toContain('swagger-ui');
    expect((await get('/health', 'application/json')).status).toBe(200);
    expect((await get('/socket.io/?EIO=4&transport=polling', '*/*')).headers.get('content-type')).not.toContain('text/html');
    expect((await get('/assets/missing-abc.js')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(404);
    expect((await fetch(`${server.url}/meetings/x`, { method: 'POST' })).status).toBe(404);
  });

  it('lists a cluster’s meetings, latest first, to whoever may read the cluster (404 to others)', async () => {
    const list = await server.call('GET', '/api/clusters/wm-kes/meetings', { as: 'anna-kowalska' });
    expect(list.status).toBe(200);
    expect(list.body.map((m: { meetingId: string }) => m.meetingId).slice(0, 5)).toEqual(['wm-kes.rada-2017-q2', 'wm-kes.ozc-2017', 'wm-kes.rada-2017-q1', 'wm-kes.rada-2016-q4', 'wm-kes.rada-2016-q3']);
    expect(list.body).toHaveLength(12);
    expect(list.body[1]).toMatchObject({ kind: 'general', status: 'closed', votes: 3, openVotes: 0, revision: expect.any(String) });
    expect((await server.call('GET', '/api/clusters/wm-kes/meetings', { as: 'stranger' })).status).toBe(404);
    expect((await server.call('GET', '/api/clusters/wm-kes/meetings', { as: null })).status).toBe(401);
  });

  it('lists a cluster’s leader elections (none in the demo yet; 404 to others)', async () => {
    const none = await server.call('GET', '/api/clusters/wm-kes/elections', { as: 'zofia-audytor' });
    expect([none.status, none.body]).toEqual([200, []]);
    expect((await server.call('GET', '/api/clusters/wm-kes/elections', { as: 'stranger' })).status).toBe(404);
  });

  it('lists the demo’s people for the sign-in picker, without a token', async () => {
    const people = await server.call('GET', '/api/demo/people', { as: null });
    expect(people.status).toBe(200);
    expect(people.body).toHaveLength(20);
    expect(people.body).toContainEqual({ personId: 'zofia-audytor', displayName: 'Zofia Wieczorek (audytor)' });
  });

  it('keeps the first view’s JavaScript within 200 KB gzipped (the rest is code-split)', () => {
    const size = firstViewSize(join(__dirname, '..', '..', 'apps', 'web', 'dist'));
    expect(size.gzipped).toBeLessThanOrEqual(FIRST_VIEW_BUDGET_BYTES);
    expect(size.lazyChunks).toBeGreaterThan(3);
  });
});
