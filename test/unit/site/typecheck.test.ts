// Type checks as part of `npm test`: `astro check` (.astro and .ts files) and `svelte-check`
// (.svelte and .svelte.ts files), both with TypeScript strict.
// They check the files git tracks (and whatever those import), through a generated tsconfig in
// .cache/typecheck/: a teammate's unfinished, not yet committed file does not fail everyone's run,
// and in a clean clone this is every file. Outside a git checkout the whole tsconfig.json is used.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** A tsconfig listing the tracked files that `keep` accepts; null outside a git checkout. */
function trackedTsconfig(name: string, keep: (file: string) => boolean): string | null {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.astro', '*.svelte', '*.mjs'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && existsSync(join(ROOT, f)) && !f.startsWith('node_modules/') && keep(f));
  } catch {
    return null;
  }
  const dir = join(ROOT, '.cache', 'typecheck', name);
  mkdirSync(dir, { recursive: true });
  const config = {
    extends: '../../../tsconfig.json',
    include: ['../../../.astro/types.d.ts', ...files.map((f) => `../../../${f}`)],
    exclude: ['../../../dist', '../../../node_modules'],
  };
  const path = join(dir, 'tsconfig.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(join(BIN, cmd), args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The lines that name an error, for a readable failure message. */
function errors(output: string): string {
  return output
    .split('\n')
    .filter((l) => /error/i.test(l))
    .slice(0, 40)
    .join('\n');
}

describe('type checks (strict)', () => {
  const fallback = join(ROOT, 'tsconfig.json');

  it('astro check: no errors in .astro and .ts files', () => {
    const tsconfig = trackedTsconfig('astro', () => true) ?? fallback;
    const r = run('astro', ['check', '--tsconfig', tsconfig]);
    expect(r.status, errors(r.output) || r.output.slice(-3000)).toBe(0);
  }, 600_000);

  // svelte-check does not understand .astro files or astro: modules: give it Svelte files only.
  it('svelte-check: no errors in Svelte components and .svelte.ts modules', () => {
    const tsconfig = trackedTsconfig('svelte', (f) => f.endsWith('.svelte') || f.endsWith('.svelte.ts')) ?? fallback;
    const r = run('svelte-check', ['--tsconfig', tsconfig, '--threshold', 'error', '--output', 'human']);
    expect(r.status, errors(r.output) || r.output.slice(-3000)).toBe(0);
  }, 600_000);
});
