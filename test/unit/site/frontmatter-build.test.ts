// A bad chapter frontmatter fails the content sync (the first step of `astro build`) with a
// message naming the file and the field. Uses a throwaway fixture project in .cache/ that loads
// the real collections (src/content.config.ts) over one deliberately broken chapter.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = join(ROOT, '.cache', 'fixtures', `bad-frontmatter-${process.pid}`);

afterAll(() => rmSync(FIXTURE, { recursive: true, force: true }));

function fixture(chapter: string): void {
  rmSync(FIXTURE, { recursive: true, force: true });
  mkdirSync(join(FIXTURE, 'src'), { recursive: true });
  mkdirSync(join(FIXTURE, 'content', 'chapters'), { recursive: true });
  writeFileSync(join(FIXTURE, 'astro.config.mjs'), "import mdx from '@astrojs/mdx';\nexport default { integrations: [mdx()] };\n");
  writeFileSync(join(FIXTURE, 'src', 'content.config.ts'), "export { collections } from '../../../../src/content.config';\n");
  copyFileSync(join(ROOT, 'content', 'references.json'), join(FIXTURE, 'content', 'references.json'));
  writeFileSync(join(FIXTURE, 'content', 'chapters', '07-broken.mdx'), chapter);
}

function sync(): { status: number | null; output: string } {
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'astro'), ['sync', '--root', FIXTURE], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('chapter frontmatter in a build', () => {
  it('fails naming the file and the field', () => {
    fixture(['---', 'title: A chapter', 'order: 7', 'summary: Fine.', 'goals: []', '---', '', 'Text.', ''].join('\n'));
    const r = sync();
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain('07-broken');
    expect(r.output).toMatch(/goals/);
    expect(r.output).toContain('goals needs at least one learning goal');
  }, 180_000);
});
