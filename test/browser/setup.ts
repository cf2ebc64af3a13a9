// Global setup of the `browser` project: build the site once per run, serve it on 127.0.0.1 on
// a free port, and provide the URL to tests.
//  - The build runs the same two steps as `npm run build` (astro build, then pagefind) but into
//    a private folder, test-results/site-<pid>/, so that a `npm run build` or a second test run
//    in the same checkout (another terminal, another agent) cannot change pages under the tests.
//  - SITE_DIR=<dir> serves an existing build instead (e.g. SITE_DIR=dist after `npm run build`,
//    to iterate on tests quickly); the tests read a hard-linked snapshot of it.
// The private folder is removed at the end of the run unless KEEP_SITE=1.
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

function step(cmd: string, args: string[]): void {
  // NODE_ENV=production as `npm run build` has it: Vitest sets NODE_ENV=test, which the build would inherit,
  // and Vite then resolves packages' "development" exports (Svelte's dev runtime: +16 kB on a chapter).
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', cmd), args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export default async function setup(project: TestProject) {
  const dir = join(ROOT, 'test-results', `site-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  if (process.env.SITE_DIR) {
    const from = resolve(ROOT, process.env.SITE_DIR);
    if (!existsSync(join(from, 'index.html'))) throw new Error(`SITE_DIR=${from} has no index.html: is it a built site?`);
    console.log(`[browser setup] serving a snapshot of the existing build in ${from} (SITE_DIR)`);
    linkTree(from, dir);
  } else {
    console.log(`[browser setup] building the site once into ${dir}`);
    const started = Date.now();
    step('astro', ['build', '--outDir', dir]);
    step('pagefind', ['--site', dir]);
    console.log(`[browser setup] built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const served = await serveDir(dir);
  console.log(`[browser setup] serving ${dir} at ${served.url}`);
  project.provide('baseUrl', served.url);
  project.provide('siteDir', dir);
  return async () => {
    await served.close();
    if (process.env.KEEP_SITE !== '1') rmSync(dir, { recursive: true, force: true });
  };
}
