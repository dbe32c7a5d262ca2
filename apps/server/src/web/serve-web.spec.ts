import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveWeb } from './serve-web';

describe('serveWeb', () => {
  let dist: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'klaster-web-'));
    writeFileSync(join(dist, 'index.html'), '<div id="root"></div>');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    // Files named like the server's own paths, as a careless build or a hostile file could be.
    mkdirSync(join(dist, 'api'));
    writeFileSync(join(dist, 'api', 'clusters'), 'a file, not the API');
    writeFileSync(join(dist, 'health'), 'a file, not the health check');
    const app = express();
    serveWeb(app as unknown as NestExpressApplication, dist);
    app.use((_req, res) => res.status(418).send('the server'));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  });

  it('never answers a server path from the page’s files: the request goes on to the server', async () => {
    for (const path of ['/api/clusters', '/health']) {
      const res = await fetch(`${url}${path}`, { headers: { accept: '*/*' } });
      expect([path, res.status, await res.text()]).toEqual([path, 418, 'the server']);
    }
  });

  it('serves the page’s assets with a long cache, and index.html for the page’s routes', async () => {
    const asset = await fetch(`${url}/assets/app-1.js`);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    const page = await fetch(`${url}/meetings/k1.rada-1`, { headers: { accept: 'text/html' } });
    expect([page.status, await page.text()]).toEqual([200, '<div id="root"></div>']);
  });
});
