import { describe, expect, it } from 'vitest';
import { chapterInfos } from '../../../src/lib/recall/chapters.ts';
import { flattenPrompts, titleFromSlug } from '../../../src/lib/recall/prompts.ts';

describe('recall prompts by chapter', () => {
  it('flattens chapter files in slug order, tagging each prompt with its chapter', () => {
    const q = (id: string) => ({ id, kind: 'qa' as const, q: 'Q', a: 'A', tags: [] });
    const flat = flattenPrompts([
      { id: '02-b', data: { prompts: [q('b1')] } },
      { id: '01-a', data: { prompts: [q('a1'), q('a2')] } },
    ]);
    expect(flat.map((p) => `${p.chapter}/${p.id}`)).toEqual(['01-a/a1', '01-a/a2', '02-b/b1']);
  });

  it('titles chapters from their frontmatter, else from the slug, and says which exist', () => {
    expect(titleFromSlug('03-circuit-formation')).toBe('Circuit formation');
    const infos = chapterInfos(['02-algorithm', '01-memorization'], [
      { id: '01-memorization', data: { title: 'The puzzle', order: 1 } },
    ]);
    expect(infos).toEqual([
      { slug: '01-memorization', title: 'The puzzle', order: 1, exists: true },
      { slug: '02-algorithm', title: 'Algorithm', order: Number.POSITIVE_INFINITY, exists: false },
    ]);
  });
});
