// The site's only web fonts are KaTeX's, subset by scripts/fonts/subset.ts, and they still draw all the
// rendered math: every character of it that KaTeX's full faces have, the subsets have too. Also:
// katex.css keeps every rule of the installed KaTeX's katex.min.css that the pages' classes need, and
// changes none but the font sources (scripts/fonts/katex-css.ts); no font is
// inlined into a stylesheet, and no page loads or preloads a text face (running text is set in the
// reader's system serif: README.md, "Fonts"). Reads the build the browser project made (no browser
// needed), so it lives here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/lib/files.node';
import { ROOT, siteDir } from './harness';
import { cssRules, htmlClasses, purgeCss } from '../../scripts/fonts/katex-css';
import { katexText } from '../../scripts/fonts/site-text';
import { woff2CodePoints } from '../../scripts/fonts/woff2-cmap';

const files = (dir: string, match: RegExp) => listFiles(dir, { match, skip: ['pagefind'] });
const points = (text: string) => new Set([...text].map((c) => c.codePointAt(0)!));
const missing = (wanted: Set<number>, full: Set<number>, subset: Set<number>) =>
  [...wanted].filter((c) => full.has(c) && !subset.has(c)).map((c) => `U+${c.toString(16).padStart(4, '0')} ${String.fromCodePoint(c)}`);

describe('subset fonts', () => {
  const pages = files(siteDir(), /\.html$/).map((f) => readFileSync(f, 'utf8'));
  const math = points(pages.map(katexText).join(' '));
  const classes = new Set<string>();
  for (const page of pages) htmlClasses(page, classes);

  it('reads a real build with math', () => {
    expect(pages.length).toBeGreaterThan(20);
    expect(math.size).toBeGreaterThan(40);
  });

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

  it("katex.css is the installed katex.min.css's rules that the built pages need, with only font sources changed", () => {
    const ours = readFileSync(join(ROOT, 'src/styles/katex.css'), 'utf8').replace(/^\/\*[\s\S]*?\*\/\n/, '').trim();
    const theirs = readFileSync(join(ROOT, 'node_modules/katex/dist/katex.min.css'), 'utf8').trim();
    const strip = (css: string) => css.replace(/src:[^;}]*/g, 'src:');
    expect(ours.match(/src:url\(\.\.\/assets\/fonts\/katex\/KaTeX_[\w-]+\.woff2\) format\("woff2"\)/g)?.length).toBe(20);
    // Every rule the built pages' classes call for is there, as KaTeX wrote it …
    const needed = purgeCss(strip(theirs), classes);
    expect(needed.length).toBeGreaterThan(3000); // the math has real structure (fractions, scripts, sizes)
    // (Per selector: a page that loses a class leaves a rule with a selector more than it needs, not a gap.)
    const selectors = (css: string) => cssRules(css).flatMap((r) => r.prelude.split(',').map((sel) => `${sel}{${r.body}}`));
    const have = new Set(selectors(strip(ours)));
    expect(selectors(needed).filter((r) => !have.has(r)), 'run scripts/fonts/subset.ts after a build').toEqual([]);
    // … and nothing else: ours is katex.min.css with rules and selectors left out, never changed.
    const all = new Set(selectors(strip(theirs)));
    for (const sel of have) expect(all.has(sel), sel).toBe(true);
    expect(strip(ours).length).toBeLessThan(strip(theirs).length / 2);
  });

  it('no stylesheet inlines a font or downloads one besides KaTeX, and no page preloads a font', () => {
    let faces = 0;
    for (const css of files(join(siteDir(), '_astro'), /\.css$/)) {
      const text = readFileSync(css, 'utf8');
      expect(text).not.toMatch(/url\(["']?data:font/);
      for (const [face] of text.matchAll(/@font-face\{[^}]*\}/g)) {
        faces++;
        const family = /font-family:\s*([^;]+);/.exec(face)?.[1] ?? '';
        if (!/^KaTeX_/.test(family)) expect(face, 'a text face may only name fonts already on the device').not.toMatch(/url\(/);
      }
    }
    expect(faces).toBeGreaterThan(20); // KaTeX's 20 and the local text faces (src/styles/fonts.css)
    for (const html of pages) expect(html).not.toMatch(/<link[^>]+as="font"/);
  });
});
