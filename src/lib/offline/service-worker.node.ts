// Builds the service worker (src/lib/offline/sw.js) into <outDir>/sw.js: an Astro integration,
// registered in astro.config.mjs. The worker's cache is named after a hash of every file the build
// wrote (paths and contents; pagefind's index, written after, follows the pages it indexes), so a
// deployment that changes anything gets a new worker and a new cache, and one that changes nothing keeps
// the readers' saved copies. Not used by `astro dev` (no sw.js there; register.ts registers only in
// production builds).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listFiles } from '../files.node';

const TEMPLATE = join(import.meta.dirname, 'sw.js');

/** A short hash of every file under `dir` but sw.js: its relative path and its bytes. */
export function buildId(dir: string): string {
  const h = createHash('sha256');
  for (const f of listFiles(dir)) {
    const rel = relative(dir, f);
    if (rel === 'sw.js') continue;
    h.update(rel).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** The worker's source for a build: the template with its build id and base path filled in. */
export function workerSource(id: string, base: string): string {
  if (!/^[0-9a-f]{16}$/.test(id)) throw new Error(`service worker: bad build id ${JSON.stringify(id)}`);
  if (!/^\/([\w.-]+\/)*$/.test(base)) throw new Error(`service worker: the base path must look like /a/b/, got ${JSON.stringify(base)}`);
  const src = readFileSync(TEMPLATE, 'utf8');
  if (!src.includes('${CACHE_PREFIX}__BUILD__') || !src.includes("'__BASE__'")) throw new Error('service worker: the template lost its placeholders');
  return src.replaceAll('__BUILD__', id).replaceAll('__BASE__', base);
}

export default function serviceWorker(): AstroIntegration {
  let base = '/';
  return {
    name: 'grokking-service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const id = buildId(out);
        writeFileSync(join(out, 'sw.js'), workerSource(id, base));
        logger.info(`sw.js written (cache grokking-gradually-${id})`);
      },
    },
  };
}
