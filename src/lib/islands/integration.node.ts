// Our own hydration directives, as an Astro integration registered in astro.config.mjs:
//   client:deferred  (./deferred.ts) hydrate a figure near the screen, its props fetched from a file;
//   client:intent    (./intent.ts)   hydrate a control when the reader reaches for it.
// And the build step `deferred` needs: after the build, each deferred island's props move out of every
// page into <assets>/props/<hash>.json (move-props.ts). `astro dev` keeps the props in the page; the
// directive handles both. Registered before the service worker, whose cache id hashes the files written here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { listFiles } from '../files.node';
import { moveIslandProps } from './move-props';

export default function islands(): AstroIntegration {
  let base = '/';
  let assets = '_astro';
  return {
    name: 'grokking-islands',
    hooks: {
      'astro:config:setup': ({ addClientDirective }) => {
        addClientDirective({ name: 'deferred', entrypoint: fileURLToPath(new URL('./deferred.ts', import.meta.url)) });
        addClientDirective({ name: 'intent', entrypoint: fileURLToPath(new URL('./intent.ts', import.meta.url)) });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        assets = config.build.assets;
      },
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const urlDir = `${base}${assets}/props/`;
        const written = new Map<string, number>();
        let pages = 0;
        for (const page of listFiles(out, { match: /\.html$/ })) {
          const html = readFileSync(page, 'utf8');
          const moved = moveIslandProps(html, urlDir);
          if (moved.files.length === 0) continue;
          pages++;
          for (const f of moved.files) {
            if (written.has(f.url)) continue;
            const file = join(out, f.url.slice(base.length));
            mkdirSync(join(file, '..'), { recursive: true });
            writeFileSync(file, f.text);
            written.set(f.url, f.text.length);
          }
          writeFileSync(page, moved.html);
        }
        const kB = [...written.values()].reduce((s, n) => s + n, 0) / 1000;
        logger.info(`moved the props of deferred islands out of ${pages} pages into ${written.size} files (${kB.toFixed(0)} kB)`);
      },
    },
  };
}
