import { describe, expect, it } from 'vitest';
import { readingMinutes, wordCount } from '../../../src/site/reading';
import { neighbours, publishedChapters, sortChapters } from '../../../src/site/chapters';

describe('reading time', () => {
  it('counts prose words but not frontmatter, imports, tags, code or math', () => {
    const src = [
      '---',
      'title: Not counted at all here',
      '---',
      "import X from '../x.svelte';",
      '',
      'One two three <Cite id="power2022" /> four.',
      '',
      '```ts',
      'const not = counted;',
      '```',
      '',
      '$$',
      'c = a + b \\bmod p',
      '$$',
      '',
      '<Figure id="f">',
      '  <X client:visible />',
      '</Figure>',
      "Five six's seven-eight.",
    ].join('\n');
    expect(wordCount(src)).toBe(7);
  });

  it('reads at 200 words a minute plus a minute per figure, at least one minute', () => {
    expect(readingMinutes('word')).toBe(1);
    expect(readingMinutes(Array(1000).fill('word').join(' '))).toBe(5);
    expect(readingMinutes(`${Array(1000).fill('word').join(' ')}\n<Figure id="a"></Figure><Figure id="b"></Figure>`)).toBe(7);
  });
});

describe('chapter order', () => {
  const ch = (id: string, order: number, draft = false) => ({ id, data: { order, draft } });

  it('sorts by order, then id, for any number of chapters', () => {
    const sorted = sortChapters([ch('c', 30), ch('a', 10), ch('b2', 20), ch('b1', 20)]);
    expect(sorted.map((c) => c.id)).toEqual(['a', 'b1', 'b2', 'c']);
    expect(sortChapters([])).toEqual([]);
  });

  it('drops drafts unless asked to keep them', () => {
    const all = [ch('a', 1), ch('b', 2, true)];
    expect(publishedChapters(all, false).map((c) => c.id)).toEqual(['a']);
    expect(publishedChapters(all, true).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('finds neighbours, with none before the first or after the last', () => {
    const s = sortChapters([ch('a', 1), ch('b', 2), ch('c', 3)]);
    expect(neighbours(s, 'a')).toMatchObject({ prev: undefined, next: { id: 'b' }, index: 0 });
    expect(neighbours(s, 'c')).toMatchObject({ prev: { id: 'b' }, next: undefined, index: 2 });
    expect(neighbours([ch('only', 1)], 'only')).toMatchObject({ prev: undefined, next: undefined });
    expect(() => neighbours(s, 'zzz')).toThrow(/zzz/);
  });
});
