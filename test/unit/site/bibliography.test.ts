import { describe, expect, it } from 'vitest';
import { citeLabel, citedIds, compareReferences, fullAuthors, referenceHref, shortAuthors } from '../../../src/site/bibliography';
import type { Reference } from '../../../src/site/schemas';

const ref = (families: string[], year = 2023, extra: Partial<Reference> = {}): Reference => ({
  id: `${families[0].toLowerCase()}${year}`,
  kind: 'paper',
  authors: families.map((family) => ({ family, given: 'Jo Ann' })),
  year,
  title: 'A title',
  arxiv: '2301.05217',
  ...extra,
});

describe('citation labels', () => {
  it('uses one, two, or "et al." author forms', () => {
    expect(shortAuthors(ref(['Gromov']))).toBe('Gromov');
    expect(shortAuthors(ref(['Nanda', 'Lieberum']))).toBe('Nanda and Lieberum');
    expect(citeLabel(ref(['Power', 'Burda', 'Misra'], 2022))).toBe('Power et al., 2022');
  });

  it('writes full author lists with initials', () => {
    expect(fullAuthors(ref(['Liu', 'Michaud', 'Tegmark']))).toBe('J. A. Liu, J. A. Michaud and J. A. Tegmark');
  });

  it('links to arXiv when there is an id, else to the url', () => {
    expect(referenceHref(ref(['A']))).toBe('https://arxiv.org/abs/2301.05217');
    expect(referenceHref({ url: 'https://example.org/x' })).toBe('https://example.org/x');
  });

  it('sorts a reference list by first author, then year', () => {
    const list = [ref(['Zhong']), ref(['Nanda'], 2023), ref(['Nanda'], 2022), ref(['Delétang'])];
    expect(list.sort(compareReferences).map((r) => r.id)).toEqual(['delétang2023', 'nanda2022', 'nanda2023', 'zhong2023']);
  });
});

describe('citedIds', () => {
  it('finds every cited id in first-cited order, once, with both quote styles and lists', () => {
    const src = `Text <Cite id="power2022" /> and <Cite in id='nanda2023'/>; both <Cite id="nanda2023, power2022,gromov2023" />.`;
    expect(citedIds(src)).toEqual(['power2022', 'nanda2023', 'gromov2023']);
  });
  it('ignores other components', () => {
    expect(citedIds('<Figure id="clock">')).toEqual([]);
  });
});
