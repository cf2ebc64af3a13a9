// Every document a source file names exists in the repository: a reader who meets "see <name>.md" in a comment
// can open it (documents kept outside the repository were named in comments before; this keeps them out).
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../../src/lib/files.node';

const ROOT = resolve(import.meta.dirname, '../../..');
const SKIP = ['node_modules', '.git', 'dist', '.cache', 'test-results', 'models'];

describe('documents named in the source', () => {
  const all = listFiles(ROOT, { skip: SKIP }).map((f) => relative(ROOT, f));
  const markdown = new Set(all.filter((f) => f.endsWith('.md')).map((f) => f.slice(f.lastIndexOf('/') + 1)));
  const sources = all.filter((f) => /\.(ts|svelte|astro|mdx|md|py|mjs|sh|json)$/.test(f) && /^(src|scripts|test|content)\//.test(f));

  it('finds the repository documents', () => {
    expect(markdown.has('README.md')).toBe(true);
  });

  it('exist in the repository', () => {
    const missing: string[] = [];
    for (const f of sources) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/\b([A-Za-z][\w-]*\.md)\b/g)) {
        // A quoted name is a string the code makes (a download's file name), not a document it points to.
        if (/['"]/.test(text[m.index - 1] ?? '')) continue;
        if (!markdown.has(m[1])) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
