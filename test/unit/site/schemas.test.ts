import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chapterSchema, referenceSchema } from '../../../src/site/schemas';

const good = {
  title: 'The puzzle',
  order: 1,
  summary: 'What grokking is.',
  goals: ['Describe grokking.'],
};

function issues(data: unknown): string[] {
  const r = chapterSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('chapter frontmatter schema', () => {
  it('accepts a complete frontmatter and defaults draft to false', () => {
    const r = chapterSchema.parse(good);
    expect(r.draft).toBe(false);
    expect(r.goals).toEqual(['Describe grokking.']);
  });

  it('names the field that is missing or wrong', () => {
    expect(issues({ ...good, title: undefined })).toEqual(['title: Required']);
    expect(issues({ ...good, order: 1.5 })).toEqual(['order: order must be a whole number']);
    expect(issues({ ...good, order: '1' })[0]).toMatch(/^order: Expected number/);
    expect(issues({ ...good, goals: [] })).toEqual(['goals: goals needs at least one learning goal']);
    expect(issues({ ...good, summary: '   ' })).toEqual(['summary: summary must not be empty']);
  });

  it('rejects unknown keys, so a misspelt field is not silently ignored', () => {
    expect(issues({ ...good, goal: ['x'] })[0]).toMatch(/Unrecognized key.*goal/);
  });
});

describe('content/references.json', () => {
  const refs: unknown[] = JSON.parse(readFileSync(new URL('../../../content/references.json', import.meta.url), 'utf8'));
  const parsed = refs.map((r) => referenceSchema.parse(r));
  const byId = new Map(parsed.map((r) => [r.id, r]));

  it('has unique ids', () => {
    expect(byId.size).toBe(parsed.length);
  });

  // The papers the essay rests on, with their arXiv ids (checked against arXiv).
  it.each([
    ['power2022', 'Power', 2022, '2201.02177'],
    ['nanda2023', 'Nanda', 2023, '2301.05217'],
    ['deletang2023', 'Delétang', 2023, '2207.02098'],
    ['ruoss2023', 'Ruoss', 2023, '2305.16843'],
    ['liu2023', 'Liu', 2023, '2210.01117'],
    ['gromov2023', 'Gromov', 2023, '2301.02679'],
    ['zhong2023', 'Zhong', 2023, '2306.17844'],
  ])('%s: first author %s, %i, arXiv %s', (id, family, year, arxiv) => {
    const r = byId.get(id);
    expect(r?.authors[0].family).toBe(family);
    expect(r?.year).toBe(year);
    expect(r?.arxiv).toBe(arxiv);
  });

  it('lists the five authors of Nanda et al. and the explorable by Pearce et al.', () => {
    expect(byId.get('nanda2023')?.authors.map((a) => a.family)).toEqual(['Nanda', 'Chan', 'Lieberum', 'Smith', 'Steinhardt']);
    expect(byId.get('pearce2023')?.url).toMatch(/^https:\/\/pair\.withgoogle\.com\//);
  });

  it('rejects an entry without a link and a malformed arXiv id', () => {
    const base = { id: 'x2020', kind: 'paper', authors: [{ given: 'A', family: 'B' }], year: 2020, title: 'T' };
    expect(referenceSchema.safeParse(base).success).toBe(false);
    const bad = referenceSchema.safeParse({ ...base, arxiv: '2301.5217x' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toContain('arxiv');
  });
});
