// Finding and launching headless Chromium (playwright-core), shared by the browser tests
// (test/browser/harness.ts) and the stills script (scripts/stills.ts). Neither the build nor
// `npm start` needs it: only the tests and `npm run stills` do.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Flags from ../shared ENVIRONMENT notes: WebGPU on SwiftShader, no background network. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function onPath(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** CHROMIUM_PATH, then system browsers, then a Chromium downloaded by playwright-core. */
export function findChromium(): string {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH=${env} does not exist`);
    return env;
  }
  for (const candidate of ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = candidate.startsWith('/') ? (existsSync(candidate) ? candidate : undefined) : onPath(candidate);
    if (found) return found;
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    /* playwright-core has no browser of its own installed */
  }
  throw new Error('No Chromium found: run `bash scripts/test.sh` (it installs one) or set CHROMIUM_PATH=/path/to/chromium');
}

/** Launch headless Chromium with the project's flags (plus --no-sandbox when running as root). */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const args = [...CHROMIUM_ARGS, ...extraArgs];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: findChromium(), args, headless: true });
}
