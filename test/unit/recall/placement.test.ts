/**
 * Every prompt in content/recall is reachable from the essay: each id is placed with `<Recall id="…" />` in exactly
 * one chapter of content/chapters, and every placed id exists. (An unplaced prompt only ever shows up on the review
 * page, without the text that explains it; a prompt placed twice is asked twice in one reading.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promptFileSchema } from '../../../src/lib/recall/schema.ts';

const root = join(import.meta.dirname, '../../..');
const recallDir = join(root, 'content/recall');
const chaptersDir = join(root, 'content/chapters');

const ids = readdirSync(recallDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => promptFileSchema.parse(JSON.parse(readFileSync(join(recallDir, f), 'utf8'))).prompts.map((p) => p.id));

/** id → chapters placing it, one entry per placement. JSX comments ({/* … *\/}) do not count as placements. */
const placements = new Map<string, string[]>();
for (const f of readdirSync(chaptersDir).filter((f) => f.endsWith('.mdx'))) {
  const src = readFileSync(join(chaptersDir, f), 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  for (const m of src.matchAll(/<Recall\b[^>]*?\bid\s*=\s*["']([^"']+)["']/g)) {
    placements.set(m[1], [...(placements.get(m[1]) ?? []), f]);
  }
}

describe('recall prompts in the chapters', () => {
  it('places every prompt of content/recall in some chapter', () => {
    expect(ids.filter((id) => !placements.has(id))).toEqual([]);
  });

  it('places each prompt only once', () => {
    const twice = [...placements].filter(([, where]) => where.length > 1).map(([id, where]) => `${id}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('places only prompts that exist', () => {
    expect([...placements.keys()].filter((id) => !ids.includes(id))).toEqual([]);
  });
});

describe("a chapter's prompt file, quiz and deck hold exactly the prompts the chapter places", () => {
  it('every prompt lives in the file of the chapter that places it (content/recall/<chapter>.json)', () => {
    const misplaced: string[] = [];
    for (const f of readdirSync(recallDir).filter((f) => f.endsWith('.json'))) {
      const chapter = f.replace(/\.json$/, '.mdx');
      for (const p of promptFileSchema.parse(JSON.parse(readFileSync(join(recallDir, f), 'utf8'))).prompts) {
        const where = placements.get(p.id) ?? [];
        if (!where.includes(chapter)) misplaced.push(`${p.id} is in ${f} but placed in ${where.join(', ') || 'no chapter'}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
