// Author–year citation labels and reference formatting, shared by <Cite>, <References> and tests.
import type { Reference } from './schemas';

/** "Power et al.", "Liu, Michaud and Tegmark" is too long for a citation: 1 → "X", 2 → "X and Y", 3+ → "X et al." */
export function shortAuthors(ref: Pick<Reference, 'authors'>): string {
  const names = ref.authors.map((a) => a.family);
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** "Power et al., 2022" */
export function citeLabel(ref: Pick<Reference, 'authors' | 'year'>): string {
  return `${shortAuthors(ref)}, ${ref.year}`;
}

/** The link a reader follows: the arXiv abstract when there is one, else the url. */
export function referenceHref(ref: Pick<Reference, 'arxiv' | 'url'>): string {
  if (ref.arxiv) return `https://arxiv.org/abs/${ref.arxiv}`;
  return ref.url ?? '#';
}

/** Full author list for a references section: "A. Power, Y. Burda and V. Misra". */
export function fullAuthors(ref: Pick<Reference, 'authors'>): string {
  const names = ref.authors.map((a) => {
    const initials = a.given
      .split(/[\s-]+/)
      .filter(Boolean)
      .map((g) => `${g[0]}.`)
      .join(' ');
    return `${initials} ${a.family}`;
  });
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Reference-list order: first author's family name, then year, then title. */
export function compareReferences(a: Reference, b: Reference): number {
  return (
    a.authors[0].family.localeCompare(b.authors[0].family, 'en') ||
    a.year - b.year ||
    a.title.localeCompare(b.title, 'en')
  );
}

/** Parse the ids of <Cite id="a, b"> so a chapter can list what it cites, in first-cited order. */
export function parseCiteIds(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const CITE_TAG = /<Cite\b[^>]*?\bid\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Every id cited in an MDX source (raw body), deduplicated, in order of first citation. */
export function citedIds(mdxSource: string): string[] {
  const seen = new Set<string>();
  for (const m of mdxSource.matchAll(CITE_TAG)) {
    for (const id of parseCiteIds(m[1] ?? m[2] ?? '')) seen.add(id);
  }
  return [...seen];
}
