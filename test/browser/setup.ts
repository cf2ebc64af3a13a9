// Global setup of the `browser` project: build the site once per run (astro build + pagefind,
// i.e. `npm run build`), serve it on 127.0.0.1 on a free port, and provide the URL to tests.
// SITE_DIR=<dir> serves an existing build instead of building (e.g. SITE_DIR=dist after a
// manual `npm run build`, to iterate on tests quickly).
// The tests read a snapshot of the build (hard links in test-results/site/), so a rebuild of
// dist/ started meanwhile (another terminal, another agent) cannot pull pages from under them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveDir } from '../../scripts/serve';
import { ROOT } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    siteDir: string;
  }
}

/** Mirror `from` into `to` with hard links (copies where linking is impossible). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.isDirectory()) linkTree(src, dst);
    else if (e.isFile()) {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

export default async function setup(project: TestProject) {
  let dir: string;
  if (process.env.SITE_DIR) {
    dir = resolve(ROOT, process.env.SITE_DIR);
    console.log(`[browser setup] serving the existing build in ${dir} (SITE_DIR)`);
  } else {
    dir = join(ROOT, 'dist');
    console.log('[browser setup] building the site once: npm run build');
    const started = Date.now();
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
    console.log(`[browser setup] built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: is it a built site?`);
  const snapshot = join(ROOT, 'test-results', 'site');
  rmSync(snapshot, { recursive: true, force: true });
  linkTree(dir, snapshot);
  dir = snapshot;
  const served = await serveDir(dir);
  console.log(`[browser setup] serving ${dir} at ${served.url}`);
  project.provide('baseUrl', served.url);
  project.provide('siteDir', dir);
  return async () => {
    await served.close();
  };
}
