// Subsets the site's fonts to the characters it shows, so each chapter loads less before it is usable.
//
//   npm run build && npx tsx scripts/fonts/subset.ts && npm run build
//
// Needs fontTools' pyftsubset (Debian: `apt-get install fonttools python3-brotli`); only this script
// does, the build uses the files it wrote, which are committed:
//   src/assets/fonts/source-serif-4-{400,600}-{normal,italic}.woff2   the text face, from @fontsource
//   src/assets/fonts/katex/KaTeX_*.woff2                             KaTeX's faces, from katex/dist/fonts
//   src/styles/katex.css                                             katex.min.css pointing at those
//   src/assets/fonts/charsets.json                                   what was kept, for the record
//
// Which characters: for the text face, printable ASCII plus every other character in content/, src/
// and the text of the built pages (outside scripts, styles and math). For KaTeX's faces, printable
// ASCII and every character inside rendered math on the built pages (widgets
// render their math on the chapter pages at build time too). Run it again when the text gains a
// character: test/browser/fonts.test.ts fails until it is.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { listFiles } from '../../src/lib/files.node.ts';
import { katexText, pageText } from './site-text';
import { woff2CodePoints } from './woff2-cmap';

const ROOT = resolve(import.meta.dirname, '../..');
const SITE = resolve(ROOT, process.env.SITE_DIR ?? 'dist');
const OUT = join(ROOT, 'src/assets/fonts');
const SERIF = join(ROOT, 'node_modules/@fontsource/source-serif-4/files');
const KATEX = join(ROOT, 'node_modules/katex/dist');

const files = (dir: string, match: RegExp) => listFiles(dir, { match, skip: ['node_modules', 'pagefind'] });

const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i);
const add = (set: Set<number>, text: string) => {
  for (const c of text) set.add(c.codePointAt(0)!);
};

const pages = files(SITE, /\.html$/);
if (pages.length === 0) throw new Error(`no built pages in ${SITE}: run npm run build first`);

const textChars = new Set<number>(ascii);
for (const f of files(join(ROOT, 'content'), /\.(mdx?|json)$/)) add(textChars, readFileSync(f, 'utf8'));
for (const f of files(join(ROOT, 'src'), /\.(astro|svelte|ts|json)$/)) add(textChars, readFileSync(f, 'utf8'));
// Math: printable ASCII (digits and letters a figure may render on its own) and what the built math shows.
// Not the whole Greek alphabet (as before 2026-12-05): the math uses a handful of its letters, and
// KaTeX_Math-Italic is about a third smaller without the rest.
const mathChars = new Set<number>(ascii);
for (const f of pages) {
  const html = readFileSync(f, 'utf8');
  add(textChars, pageText(html));
  add(mathChars, katexText(html));
}
for (const c of [...textChars]) if (c < 0x20 || (c >= 0x7f && c < 0xa0)) textChars.delete(c);
for (const c of [...mathChars]) if (c < 0x20 || (c >= 0x7f && c < 0xa0)) mathChars.delete(c);

const unicodes = (set: Set<number>) => [...set].sort((a, b) => a - b).map((c) => c.toString(16).padStart(4, '0')).join(',');

function subset(from: string, to: string, chars: Set<number>, features: string): { kept: number; before: number; after: number } {
  const r = spawnSync('pyftsubset', [from, `--unicodes=${unicodes(chars)}`, `--layout-features=${features}`, '--flavor=woff2', `--output-file=${to}`], {
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`pyftsubset could not run (${r.error.message}): apt-get install fonttools python3-brotli`);
  if (r.status !== 0) throw new Error(`pyftsubset failed on ${from}:\n${r.stderr}`);
  return { kept: woff2CodePoints(readFileSync(to)).size, before: statSync(from).size, after: statSync(to).size };
}

const report: string[] = [];
mkdirSync(OUT, { recursive: true });
for (const [weight, style] of [
  ['400', 'normal'],
  ['400', 'italic'],
  ['600', 'normal'],
  ['600', 'italic'],
] as const) {
  const from = join(SERIF, `source-serif-4-latin-${weight}-${style}.woff2`);
  const to = join(OUT, `source-serif-4-${weight}-${style}.woff2`);
  // kern and the ligatures a reader sees; old-style figures, small caps and the like are dropped.
  const r = subset(from, to, textChars, 'kern,liga,clig,calt,ccmp,locl,mark,mkmk');
  report.push(`${relative(ROOT, to)}: ${r.before} -> ${r.after} bytes, ${r.kept} characters`);
}

rmSync(join(OUT, 'katex'), { recursive: true, force: true });
mkdirSync(join(OUT, 'katex'));
let css = readFileSync(join(KATEX, 'katex.min.css'), 'utf8');
css = css.replace(/src:url\(fonts\/(KaTeX_[\w-]+)\.woff2\) format\("woff2"\)(,url\([^)]*\) format\("[^"]*"\))*/g, (_, face: string) => {
  const to = join(OUT, 'katex', `${face}.woff2`);
  const r = subset(join(KATEX, 'fonts', `${face}.woff2`), to, mathChars, '*');
  report.push(`${relative(ROOT, to)}: ${r.before} -> ${r.after} bytes, ${r.kept} characters`);
  return `src:url(../assets/fonts/katex/${face}.woff2) format("woff2")`;
});
if (/url\(fonts\//.test(css)) throw new Error('katex.min.css has a font the script did not rewrite: check its @font-face rules');
const katexVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/katex/package.json'), 'utf8')) as { version: string }).version;
writeFileSync(
  join(ROOT, 'src/styles/katex.css'),
  `/* Generated by scripts/fonts/subset.ts from katex ${katexVersion}'s katex.min.css: the same rules, with each\n   face's src pointing at its subset in src/assets/fonts/katex (WOFF2 only). Do not edit; run the script. */\n${css}\n`,
);
writeFileSync(
  join(OUT, 'charsets.json'),
  `${JSON.stringify({ katexVersion, text: unicodes(textChars).split(','), math: unicodes(mathChars).split(',') }, null, 1)}\n`,
);
console.log(report.join('\n'));
console.log(`text face: ${textChars.size} characters; math faces: ${mathChars.size}; from ${pages.length} pages (${basename(SITE)})`);
