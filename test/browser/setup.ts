// Global setup of the `browser` project: build the site once per run (astro build + pagefind,
// i.e. `npm run build`), serve it on 127.0.0.1 on a free port, and provide the URL to tests.
// SITE_DIR=<dir> serves an existing build instead of building (e.g. SITE_DIR=dist after a
// manual `npm run build`, to iterate on tests quickly).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  const served = await serveDir(dir);
  console.log(`[browser setup] serving ${dir} at ${served.url}`);
  project.provide('baseUrl', served.url);
  project.provide('siteDir', dir);
  return async () => {
    await served.close();
  };
}
