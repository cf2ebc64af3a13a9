// Citations of one figure in one state: BibTeX and a plain-text line.
// The URL cited is the figure's essay link with its state, so a citation reopens what was seen.

export const SITE_TITLE = 'Grokking, Gradually';

export interface CiteInput {
  id: string;
  title: string;
  url: string;
  accessed: Date;
  /** "Figure 3" when the page numbers its figures; omitted otherwise. */
  label?: string;
  /** Year the essay was published (defaults to the year accessed). */
  year?: number;
  authors?: string;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function longDate(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Escapes the characters BibTeX treats specially in a braced field. */
export function bibEscape(s: string): string {
  return s.replace(/[\\{}%&$#_^~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '^' || c === '~' ? `\\${c}{}` : `\\${c}`));
}

/** In `url` fields only `%`, `#`, `{`, `}` and `\` need care (biblatex reads them verbatim otherwise). */
function bibUrl(s: string): string {
  return s.replace(/[\\{}%#]/g, (c) => `\\${c}`);
}

export function bibtex(c: CiteInput): string {
  const key = `grokking-gradually-${c.id}`.replace(/[^a-z0-9-]/g, '');
  const year = c.year ?? c.accessed.getUTCFullYear();
  const what = c.label ? `${c.label} in ` : 'Figure in ';
  const lines = [
    `@misc{${key},`,
    `  title        = {{${bibEscape(c.title)}}},`,
    `  author       = {${c.authors ? bibEscape(c.authors) : `{${SITE_TITLE}}`}},`,
    `  year         = {${year}},`,
    `  howpublished = {${bibEscape(`${what}${SITE_TITLE}`)}, interactive figure},`,
    `  url          = {${bibUrl(c.url)}},`,
    `  urldate      = {${isoDate(c.accessed)}},`,
    `  note         = {Accessed ${isoDate(c.accessed)}}`,
    `}`,
  ];
  return lines.join('\n');
}

export function plainCitation(c: CiteInput): string {
  const who = c.authors ? `${c.authors}. ` : '';
  const year = c.year ?? c.accessed.getUTCFullYear();
  const label = c.label ? ` ${c.label}.` : '';
  return `${who}“${c.title}.”${label} ${SITE_TITLE}, ${year}. Interactive figure. ${c.url} (accessed ${longDate(c.accessed)}).`;
}
