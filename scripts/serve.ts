// A tiny static server for dist/ with the headers the site needs in production:
// COOP/COEP (cross-origin isolation, so ONNX Runtime Web can use WASM threads), correct MIME
// types for .wasm/.onnx/.mjs, long caching for hashed assets. Used by the browser tests
// (test/browser/harness.ts) and runnable by hand: `npx tsx scripts/serve.ts [dir] [port]`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headersFor } from '../src/lib/figure-state/deploy-headers.ts';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export interface Served {
  server: Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

/** Cache policy: fingerprinted build output forever, everything else revalidated. */
function cacheControl(path: string): string {
  if (path.includes(`${sep}_astro${sep}`)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** Serve `dir` on 127.0.0.1. Port 0 picks a free port. */
export async function serveDir(dir: string, port = 0): Promise<Served> {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(path).catch(() => null);
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        path = join(path, 'index.html');
        info = await stat(path).catch(() => null);
      }
      let status = 200;
      if (!info?.isFile()) {
        status = 404;
        path = join(root, '404.html');
        info = await stat(path).catch(() => null);
        if (!info) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          return;
        }
      }
      res.writeHead(status, {
        'Content-Type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': cacheControl(path),
        ...ISOLATION_HEADERS,
        ...headersFor(url.pathname), // embed pages (/figures/*) may be framed by other origins
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(path).pipe(res);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 4321);
  const s = await serveDir(dir, port);
  console.log(`Serving ${dir} at ${s.url}/ (COOP/COEP on). Ctrl+C to stop.`);
}
