// The inspector page (dist/inspector, built by `npm run build` from simulator/inspector) served at `/` on the
// simulator's own port. The page and its two assets hold no data, so they are served without credentials; every
// request the page makes for data carries the account's Basic auth like any other client. HTTP only: a browser
// page has no meaning in the msw transport.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * Only this origin's script, style, fetch and websocket; recordings play from blob: URLs the page makes itself.
 * No inline script or style at all, so an event body that somehow reached the DOM as markup could not run.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/inspector of this package, whether running from simulator/ (tsx), dist/simulator/ or the bundled CLI. */
function inspectorDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'dist', 'inspector', 'index.html'))) return join(dir, 'dist', 'inspector');
    dir = dirname(dir);
  }
  return undefined;
}

export function inspectorAssets(): RequestHandler {
  const dir = inspectorDir();
  // Read once, on first request: three small files, and the built page does not change under a running server.
  const cache = new Map<string, Buffer>();
  return (req, res, next) => {
    const asset = req.method === 'GET' || req.method === 'HEAD' ? ASSETS[req.path] : undefined;
    if (!asset) return next();
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-cache');
    if (!dir) {
      res.status(503).type('text/plain').end('The inspector page is not built: run `npm run build`.\n');
      return;
    }
    let body = cache.get(asset.file);
    if (!body) {
      body = readFileSync(join(dir, asset.file));
      cache.set(asset.file, body);
    }
    res.status(200).setHeader('content-type', asset.type);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
