// Rounds the geometry of every inline <svg> in a built page to the precision it can show.
//
// A figure's server render writes coordinates as JavaScript prints them: `cx="119.81454343846032"` for a
// point that lands on a screen pixel somewhere near 119.8. The 113 slots of the rotations circle, the
// Fourier spectrum's bars and the clocks' ticks made 1–5 kB of every chapter's gzipped HTML out of
// digits nobody can see. This keeps, for each <svg>, enough decimals that a number moves by at most a
// two-thousandth of the picture's width, half a pixel of a picture 1000 pixels wide (1 decimal for a
// 336-unit view box, none for 1000 units, 3 for a 1-unit one), in
// geometry attributes only: not in text, not in other attributes, not outside <svg>. Once a figure
// hydrates, its component writes its own full-precision values. Pure; the build step is
// ./integration.node.ts. (SVGO's cleanupNumericValues does the same to files.)

/** Attributes whose numbers are lengths or coordinates in the view box's units. */
const GEOMETRY = new Set(['x', 'y', 'cx', 'cy', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'r', 'rx', 'ry', 'd', 'points', 'transform']);

const TAG = /<(\/?)svg\b[^>]*>/g;
const START_TAG = /<[a-zA-Z][^>]*>/g;
const ATTRIBUTE = /(\s)([\w:-]+)="([^"]*)"/g;
// A decimal with more digits after the point than kept; an exponent (1e-7) is left alone.
const LONG_DECIMAL = /-?\d+\.\d+(?![\d.eE])/g;

/** Decimals to keep for a picture `size` units wide: the rounding error (half the last place) stays
 *  at most size / 2000; between 0 and 6 decimals. */
export function decimalsFor(size: number): number {
  if (!(size > 0) || !Number.isFinite(size)) return 2;
  return Math.min(6, Math.max(0, Math.ceil(Math.log10(1000 / size) - 1e-9)));
}

/** `value` with every decimal number cut to `decimals` places (rounded, trailing zeros dropped). */
export function roundNumbers(value: string, decimals: number): string {
  return value.replace(LONG_DECIMAL, (n) => {
    const dot = n.indexOf('.');
    if (n.length - dot - 1 <= decimals) return n;
    const rounded = Number(Number(n).toFixed(decimals));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

/** The width of an <svg> start tag's picture in its own units: the view box, else its width, else 1000. */
export function svgSize(startTag: string): number {
  const box = /\sviewBox="([^"]*)"/.exec(startTag);
  if (box) {
    const [, , w, h] = box[1].trim().split(/[\s,]+/).map(Number);
    if (w > 0 && h > 0) return Math.max(w, h);
  }
  const width = /\swidth="([\d.]+)"/.exec(startTag);
  return width ? Number(width[1]) : 1000;
}

function roundTags(svg: string, decimals: number): string {
  return svg.replace(START_TAG, (tag) =>
    tag.replace(ATTRIBUTE, (all, space: string, name: string, value: string) =>
      GEOMETRY.has(name) ? `${space}${name}="${roundNumbers(value, decimals)}"` : all,
    ),
  );
}

/** The page with the geometry of each outermost <svg> (and all it holds) rounded to what it can show. */
export function roundSvgGeometry(html: string): string {
  let out = '';
  let from = 0;
  let depth = 0;
  let start = 0;
  let decimals = 2;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (m[1]) {
      if (depth === 0) continue; // a stray </svg>
      if (--depth === 0) {
        out += html.slice(from, start) + roundTags(html.slice(start, m.index), decimals);
        from = m.index;
      }
    } else if (!m[0].endsWith('/>')) {
      if (depth++ === 0) {
        start = m.index;
        decimals = decimalsFor(svgSize(m[0]));
      }
    }
  }
  return out + html.slice(from);
}
