// The house rules of the source tree, read from its imports (a small parser of import specifiers in .ts,
// .svelte, .astro and .mdx files), so they hold without anyone having to remember them:
//   - src/lib/runs is the only code of the site that reads models/;
//   - widgets import neither src/lib/train/** (except the page-side trainer, src/lib/train/browser) nor
//     models/ files;
//   - src/lib imports neither src/widgets nor src/pages (libraries know no figure and no page).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../../src/lib/files.node';

const ROOT = resolve(import.meta.dirname, '../../..');
const walk = (dir: string) => listFiles(join(ROOT, dir), { match: /\.(ts|svelte|astro|mdx)$/ }).map((f) => relative(ROOT, f));

/** The source without its comment lines (doc comments show example imports and paths; they are not code). */
const codeOf = (source: string) =>
  source
    .split('\n')
    .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l))
    .join('\n');

/** Every module specifier a file imports: static, dynamic, side-effect and `new URL(…, import.meta.url)`. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const code = codeOf(source);
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

/** A relative or root-absolute specifier as a repository path (without query); bare packages give null. */
function target(file: string, spec: string): string | null {
  const clean = spec.split('?')[0];
  if (clean.startsWith('/src/')) return clean.slice(1);
  if (!clean.startsWith('.')) return null;
  return normalize(join(dirname(file), clean));
}

const files = [...walk('src'), ...walk('content')];
const edges = files.flatMap((file) => {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return specifiers(source)
    .map((spec) => ({ file, spec, to: target(file, spec) }))
    .filter((e): e is { file: string; spec: string; to: string } => e.to !== null);
});
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

describe('the import graph', () => {
  it('parses imports of every kind', () => {
    const found = specifiers(`import a from './a';\nimport { b } from "../b.ts";\nimport type { C } from './c';\nexport { d } from './d';\nconst e = await import('./e');\nimport './f.css';\nnew URL('./g.wasm', import.meta.url)`);
    expect(found.sort()).toEqual(['../b.ts', './a', './c', './d', './e', './f.css', './g.wasm']);
    expect(edges.length).toBeGreaterThan(300);
  });

  it('only src/lib/runs reads models/', () => {
    const readers = files.filter((file) => {
      if (under(file, 'src/lib/runs')) return false;
      const source = codeOf(readFileSync(join(ROOT, file), 'utf8'));
      const fs = /from\s*['"](node:)?fs(\/promises)?['"]/.test(source);
      return fs && /['"`]models['"`/]|modelsDir\(/.test(source);
    });
    const viaImport = edges.filter((e) => under(e.to, 'models') || /src\/lib\/runs\/load\.node(\.ts)?$/.test(e.to)).filter((e) => !under(e.file, 'src/lib/runs'));
    expect(readers).toEqual([]);
    expect(viaImport.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('widgets reach the engine only through src/lib/train/browser', () => {
    const bad = edges.filter((e) => under(e.file, 'src/widgets') && under(e.to, 'src/lib/train') && !under(e.to, 'src/lib/train/browser'));
    expect(bad.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('src/lib imports neither src/widgets nor src/pages', () => {
    const bad = edges.filter((e) => under(e.file, 'src/lib') && (under(e.to, 'src/widgets') || under(e.to, 'src/pages')));
    expect(bad.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('every relative import into src/ names a file that exists (the parser sees what the bundler sees)', () => {
    const all = new Set(readdirSync(join(ROOT, 'src'), { recursive: true }).map((f) => join('src', String(f))));
    const missing = edges.filter((e) => under(e.to, 'src') && ![e.to, `${e.to}.ts`, `${e.to}.svelte`, `${e.to}.js`, join(e.to, 'index.ts')].some((c) => all.has(c)));
    expect(missing.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });
});
