import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';

/** Files a built page is made of (or a browser asks for on its own). */
const ASSET_FILE = /\.(js|mjs|css|map|html|json|ico|png|svg|jpe?g|gif|webp|woff2?|ttf|txt|webmanifest|xml)$/i;

/** Paths the page never answers: the API, its docs, the health check, socket.io's endpoint, /.well-known (the seal key). */
const SERVER_PATHS = /^\/(api|health|socket\.io|\.well-known)(\/|$)/;

/**
 * The built web page (apps/web/dist, made by `npm run build:web`), found from the repository root so
 * the same code works from the TypeScript sources (tests) and from dist/ (npm start, the image).
 */
export function webDistDir(from = __dirname): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps', 'web'))) {
      const dist = join(dir, 'apps', 'web', 'dist');
      return existsSync(join(dist, 'index.html')) ? dist : undefined;
    }
  }
  return undefined;
}

/**
 * Serves the page at `/`: its hashed assets with a long cache, and index.html for every other GET
 * that asks for HTML (the page's own routes, e.g. /meetings/rada-2024-1), never for the server's paths.
 */
export function serveWeb(app: NestExpressApplication, dist = webDistDir()): boolean {
  if (!dist) return false;
  const assets = serveStatic(dist, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes(`${join(dist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // Only the page's own paths look for a file: an API request never pays a file-system lookup (the
  // scale profile found one `stat` per request), and no file can shadow a server path.
  app.use((req: Request, res: Response, next: NextFunction) => (SERVER_PATHS.test(req.path) ? next() : assets(req, res, next)));
  const index = join(dist, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    // A missing asset (under /assets/, or a file of the kinds the page is built from) is a 404, not
    // the page. Other dots are ids (a meeting `wm-kes.rada-1` has one): those are the page's routes.
    if (req.path.startsWith('/assets/') || ASSET_FILE.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
