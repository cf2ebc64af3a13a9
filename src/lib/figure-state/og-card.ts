// Open Graph cards (1200×630) as SVG strings; src/pages/og/[...slug].png.ts rasterizes them
// with sharp at build time. Pure string building, Node-safe. Every text goes through `xml()`:
// titles come from our own content, but a stray "&" or "<" must not break the image.
//
// Which image a page uses: ogImagePath() maps a page path to its card, so the page <head>
// needs no per-page wiring (chapters and figure embeds get their own card, others the site's).

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

export interface CardInput {
  /** Small line above the title: "Chapter 2", "Figure · The algorithm". */
  kicker: string;
  title: string;
  subtitle: string;
  theme?: 'light' | 'dark';
}

// Colours from src/styles/tokens.css (light theme): background, text, muted, a, b, result.
const COLORS = {
  light: { bg: '#fdfcf9', text: '#1d2126', muted: '#585e66', rule: '#dedad0', a: '#1f66b0', b: '#b8430f', result: '#6d28d9' },
  dark: { bg: '#141619', text: '#e7e4dd', muted: '#a9adb4', rule: '#30353c', a: '#6fb0f0', b: '#f29a5c', result: '#c4a5ff' },
};
// System fonts only: librsvg (inside sharp) cannot load web fonts.
const SERIF = "'DejaVu Serif', Georgia, serif";
const SANS = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";

export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Word wrap by an average glyph width (no font metrics at build time), with an ellipsis past maxLines. */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1].replace(/[\s,.;:]+\S*$/, '')}…`;
    return kept;
  }
  return lines;
}

function tspans(lines: string[], x: number, lineHeight: number): string {
  return lines.map((l, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : lineHeight}">${xml(l)}</tspan>`).join('');
}

/** The essay's mark: a clock of p = 12 hours with the arcs of 5 + 9 ≡ 2 (mod 12). */
function mark(cx: number, cy: number, r: number, c: (typeof COLORS)['light']): string {
  const p = 12;
  const at = (k: number, rr: number) => {
    const t = (2 * Math.PI * k) / p;
    return [cx + rr * Math.sin(t), cy - rr * Math.cos(t)].map((v) => v.toFixed(1)).join(',');
  };
  const ticks = Array.from({ length: p }, (_, k) => `<circle cx="${at(k, r).split(',')[0]}" cy="${at(k, r).split(',')[1]}" r="5" fill="${c.muted}"/>`).join('');
  const arc = (from: number, to: number, rr: number, color: string) =>
    `<path d="M${at(from, rr)} A${rr},${rr} 0 ${to - from > p / 2 ? 1 : 0} 1 ${at(to, rr)}" fill="none" stroke="${color}" stroke-width="12" stroke-linecap="round"/>`;
  return [
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${c.rule}" stroke-width="4"/>`,
    ticks,
    arc(0, 5, r - 24, c.a),
    arc(5, 14, r - 48, c.b),
    `<line x1="${cx}" y1="${cy}" x2="${at(2, r - 20).split(',')[0]}" y2="${at(2, r - 20).split(',')[1]}" stroke="${c.result}" stroke-width="10" stroke-linecap="round"/>`,
    `<circle cx="${cx}" cy="${cy}" r="10" fill="${c.result}"/>`,
  ].join('');
}

export function cardSvg(input: CardInput): string {
  const c = COLORS[input.theme ?? 'light'];
  const x = 72;
  // Text stays left of x ≈ 900 (the mark is on the right); DejaVu Serif runs ~0.6 em a glyph.
  const titleLines = wrap(input.title, 22, 3);
  const titleSize = titleLines.length > 2 ? 54 : 62;
  const subtitleLines = wrap(input.subtitle, 48, 3);
  const titleY = 210;
  const subtitleY = titleY + (titleLines.length - 1) * titleSize * 1.15 + 74;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="${c.bg}"/>`,
    `<rect x="0" y="0" width="14" height="100%" fill="${c.result}"/>`,
    `<text x="${x}" y="104" font-family="${SANS}" font-size="26" letter-spacing="3" fill="${c.muted}">${xml(input.kicker.toUpperCase())}</text>`,
    `<text x="${x}" y="${titleY}" font-family="${SERIF}" font-size="${titleSize}" font-weight="600" fill="${c.text}">${tspans(titleLines, x, titleSize * 1.15)}</text>`,
    `<text x="${x}" y="${subtitleY}" font-family="${SERIF}" font-size="28" fill="${c.muted}">${tspans(subtitleLines, x, 40)}</text>`,
    `<line x1="${x}" y1="548" x2="${OG_WIDTH - 72}" y2="548" stroke="${c.rule}" stroke-width="2"/>`,
    `<text x="${x}" y="592" font-family="${SERIF}" font-size="30" font-style="italic" fill="${c.text}">Grokking, Gradually</text>`,
    mark(1040, 300, 110, c),
    `</svg>`,
  ].join('');
}

/** Where a figure's card shows the figure's still (16:10, like the stills: src/lib/figure-state/stills.ts). */
export const STILL_BOX = { x: 478, y: 112, width: 656, height: 410, radius: 10 } as const;

export interface FigureCardInput {
  /** "Interactive figure · <chapter>". */
  kicker: string;
  title: string;
  theme?: 'light' | 'dark';
}

/**
 * A figure's card: the kicker across the top, the title on the left, and a framed, empty box on the right
 * (STILL_BOX) where src/pages/og/[...slug].png.ts composites the figure's still.
 */
export function figureCardSvg(input: FigureCardInput): string {
  const c = COLORS[input.theme ?? 'light'];
  const x = 72;
  // The title column ends ~30 px left of the still (x ≈ 448): ~14 glyphs of bold DejaVu Serif at 42 px.
  const titleLines = wrap(input.title, 14, 6);
  const titleSize = titleLines.length > 5 ? 36 : 42;
  const b = STILL_BOX;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="${c.bg}"/>`,
    `<rect x="0" y="0" width="14" height="100%" fill="${c.result}"/>`,
    `<text x="${x}" y="72" font-family="${SANS}" font-size="24" letter-spacing="3" fill="${c.muted}">${xml(wrap(input.kicker.toUpperCase(), 62, 1)[0] ?? '')}</text>`,
    `<text x="${x}" y="${b.y + titleSize - 6}" font-family="${SERIF}" font-size="${titleSize}" font-weight="600" fill="${c.text}">${tspans(titleLines, x, titleSize * 1.18)}</text>`,
    `<rect x="${b.x - 2}" y="${b.y - 2}" width="${b.width + 4}" height="${b.height + 4}" rx="${b.radius + 2}" fill="${c.rule}"/>`,
    `<line x1="${x}" y1="566" x2="${OG_WIDTH - 66}" y2="566" stroke="${c.rule}" stroke-width="2"/>`,
    `<text x="${x}" y="606" font-family="${SERIF}" font-size="30" font-style="italic" fill="${c.text}">Grokking, Gradually</text>`,
    `</svg>`,
  ].join('');
}

/** The card for a page path (base already stripped): chapters and figure embeds get their own. */
export function ogImagePath(pathname: string): string {
  const chapter = /^\/?chapters\/([a-z0-9-]+)\/?$/.exec(pathname);
  if (chapter) return `og/chapters/${chapter[1]}.png`;
  const figure = /^\/?figures\/([a-z0-9-]+)\/?$/.exec(pathname);
  if (figure) return `og/figures/${figure[1]}.png`;
  return 'og/site.png';
}
