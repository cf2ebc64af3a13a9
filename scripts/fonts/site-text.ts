// The characters a built page shows in rendered math (KaTeX's HTML), for subsetting KaTeX's fonts
// (scripts/fonts/subset.ts) and for checking the subsets (test/browser/fonts.test.ts).
// A small scanner over Astro's output, not a general HTML parser: it relies on KaTeX's markup, where
// <span class="katex"> holds MathML (not shown) and <span class="katex-html"> (shown).

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** [start, end) of every element opened by `open` (a `<span …>` start tag), matched by span depth. */
function spans(html: string, open: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (;;) {
    const start = html.indexOf(open, from);
    if (start < 0) return out;
    const tag = /<(\/?)span\b[^>]*>/g;
    tag.lastIndex = start;
    let depth = 0;
    let end = html.length;
    for (let m = tag.exec(html); m; m = tag.exec(html)) {
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        end = m.index + m[0].length;
        break;
      }
    }
    out.push([start, end]);
    from = end;
  }
}

const textOf = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, ' '));

/** Rendered math: the text inside KaTeX's HTML output. */
export function katexText(html: string): string {
  return spans(html, '<span class="katex-html"')
    .map(([a, b]) => textOf(html.slice(a, b)))
    .join(' ');
}
