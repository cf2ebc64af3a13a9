// The subset fonts (scripts/fonts/subset.ts) still draw everything the site shows: every character of
// every built page's text, and of the sources widgets render text from, that the full Source Serif 4
// face has, its subset has too; the same for rendered math and KaTeX's faces. Also: katex.css is
// katex.min.css of the installed KaTeX with only the font sources changed, no font is inlined into a
// stylesheet, and pages preload exactly the two upright text faces. Reads the build the browser
// project made (no browser needed), so it lives here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/lib/files.node';
import { ROOT, siteDir } from './harness';
import { katexText, pageText } from '../../scripts/fonts/site-text';
import { woff2CodePoints } from '../../scripts/fonts/woff2-cmap';

const files = (dir: string, match: RegExp) => listFiles(dir, { match, skip: ['pagefind'] });
const points = (text: string) => new Set([...text].map((c) => c.codePointAt(0)!));
const missing = (wanted: Set<number>, full: Set<number>, subset: Set<number>) =>
  [...wanted].filter((c) => full.has(c) && !subset.has(c)).map((c) => `U+${c.toString(16).padStart(4, '0')} ${String.fromCodePoint(c)}`);

describe('subset fonts', () => {
  const pages = files(siteDir(), /\.html$/).map((f) => readFileSync(f, 'utf8'));
  const sources = [...files(join(ROOT, 'src'), /\.(astro|svelte|ts)$/), ...files(join(ROOT, 'content'), /\.(mdx?|json)$/)]
    .filter((f) => !f.endsWith('katex.css'))
    .map((f) => readFileSync(f, 'utf8'));
  const text = points(pages.map(pageText).join(' ') + sources.join(' '));
  const math = points(pages.map(katexText).join(' '));

  it('reads a real build with text and math', () => {
    expect(pages.length).toBeGreaterThan(20);
    expect(math.size).toBeGreaterThan(40);
  });

  for (const face of ['400-normal', '400-italic', '600-normal', '600-italic']) {
    it(`Source Serif 4 ${face} keeps every character the site shows`, () => {
      const full = woff2CodePoints(readFileSync(join(ROOT, `node_modules/@fontsource/source-serif-4/files/source-serif-4-latin-${face}.woff2`)));
      const subset = woff2CodePoints(readFileSync(join(ROOT, `src/assets/fonts/source-serif-4-${face}.woff2`)));
      expect(subset.size).toBeLessThan(full.size); // it is a subset
      expect(missing(text, full, subset), 'run scripts/fonts/subset.ts after a build').toEqual([]);
    });
  }

  it("KaTeX's faces keep every character of the rendered math", () => {
    const faces = files(join(ROOT, 'node_modules/katex/dist/fonts'), /\.woff2$/);
    expect(faces.length).toBe(20);
    for (const f of faces) {
      const name = f.slice(f.lastIndexOf('/') + 1);
      const full = woff2CodePoints(readFileSync(f));
      const subset = woff2CodePoints(readFileSync(join(ROOT, 'src/assets/fonts/katex', name)));
      expect(missing(math, full, subset), `${name}: run scripts/fonts/subset.ts after a build`).toEqual([]);
    }
  });

  it('katex.css is the installed katex.min.css with only its font sources changed', () => {
    const ours = readFileSync(join(ROOT, 'src/styles/katex.css'), 'utf8').replace(/^\/\*[\s\S]*?\*\/\n/, '').trim();
    const theirs = readFileSync(join(ROOT, 'node_modules/katex/dist/katex.min.css'), 'utf8').trim();
    const strip = (css: string) => css.replace(/src:[^;}]*/g, 'src:');
    expect(strip(ours)).toBe(strip(theirs));
    expect(ours.match(/src:url\(\.\.\/assets\/fonts\/katex\/KaTeX_[\w-]+\.woff2\) format\("woff2"\)/g)?.length).toBe(20);
  });

  it('no stylesheet inlines a font, and every page preloads the two upright text faces that exist', () => {
    for (const css of files(join(siteDir(), '_astro'), /\.css$/)) expect(readFileSync(css, 'utf8')).not.toMatch(/url\(["']?data:font/);
    for (const html of pages.filter((p) => p.includes('<main'))) {
      const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"/g)].map((m) => m[1]);
      expect(preloads.map((p) => p.replace(/\.[\w-]+\.woff2$/, ''))).toEqual(['/_astro/source-serif-4-400-normal', '/_astro/source-serif-4-600-normal']);
      for (const p of preloads) expect(readFileSync(join(siteDir(), p)).length).toBeGreaterThan(5000);
    }
  });
});
