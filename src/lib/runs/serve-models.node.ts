// How the browser gets models/: an Astro integration (registered in astro.config.mjs).
//   astro dev / preview : requests under /models/ are answered from models/ on disk;
//   astro build         : every file a run's manifest lists (manifest.json, metrics, analysis, ONNX
//                         checkpoints) is copied into dist/models/<run-id>/. Resume state (state/) is
//                         never published.
// Only files named in a manifest are served or copied, so a half-written file of a run being trained
// (the trainer writes atomically, then rewrites the manifest) is never exposed.
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listRuns, modelsDir } from './load.node.ts';

/**
 * Relative paths (inside models/) of every publishable file. Any task's runs (modular addition, the
 * Chomsky-hierarchy runs, …): only the manifest's `files` list is read here, each path checked to stay
 * inside its run folder.
 */
export function publishedFiles(dir = modelsDir()): string[] {
  const out: string[] = [];
  for (const id of listRuns(dir)) {
    const m = JSON.parse(readFileSync(join(dir, id, 'manifest.json'), 'utf8')) as { files?: { path?: unknown }[] };
    out.push(`${id}/manifest.json`);
    for (const f of m.files ?? []) {
      const path = f.path;
      if (typeof path !== 'string' || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`invalid manifest ${id}/manifest.json: bad file path ${JSON.stringify(path)}`);
      if (!path.startsWith('state/')) out.push(`${id}/${path}`);
    }
  }
  return out;
}

const TYPES: Record<string, string> = { json: 'application/json', jsonl: 'application/x-ndjson', onnx: 'application/octet-stream' };

export default function serveModels(): AstroIntegration {
  return {
    name: 'grokking-models',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const url = new URL(req.url ?? '/', 'http://x');
          const m = /^\/models\/(.+)$/.exec(url.pathname);
          if (!m) return next();
          const rel = decodeURIComponent(m[1]);
          if (!publishedFiles().includes(rel)) {
            res.statusCode = 404;
            res.end('not found');
            return;
          }
          const file = join(modelsDir(), rel);
          res.setHeader('Content-Type', TYPES[rel.split('.').pop() ?? ''] ?? 'application/octet-stream');
          res.setHeader('Content-Length', String(statSync(file).size));
          res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
          createReadStream(file).pipe(res);
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const out = join(fileURLToPath(dir), 'models');
        const files = publishedFiles();
        let bytes = 0;
        for (const rel of files) {
          const src = join(modelsDir(), rel);
          if (!existsSync(src)) throw new Error(`models/${rel} is listed in its manifest but missing`);
          mkdirSync(dirname(join(out, rel)), { recursive: true });
          copyFileSync(src, join(out, rel));
          bytes += statSync(src).size;
        }
        logger.info(`copied ${files.length} run files (${(bytes / 1e6).toFixed(1)} MB) into ${out}`);
      },
    },
  };
}
