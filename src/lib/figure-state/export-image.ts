// Exports a live figure as a standalone SVG (and PNG drawn from it), with its caption and a
// source line underneath. Browser-only (uses the DOM); nothing here runs at build time.
//
// What is exported: every <svg> and <canvas> inside the figure element that is big enough to
// be a chart (icons and the Share menu are skipped), placed where it is on screen. Each SVG is
// cloned with the computed styles that matter for drawing inlined, so the file looks the same
// outside the page (CSS variables and theme classes are resolved). Canvases become <image>s.
// All text goes in through textContent on SVG DOM nodes: nothing is parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Presentation properties worth inlining (computed values; defaults are skipped). */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'visibility',
  'paint-order',
  'shape-rendering',
  'mix-blend-mode',
] as const;

/** Smaller graphics (icons, buttons) are not part of the figure's picture. */
const MIN_AREA = 40 * 40;
/** Elements inside these are never exported. */
const SKIP = '[data-share-ui], [data-no-export], button, [role="button"], summary';

export interface ExportOptions {
  caption: string;
  /** e.g. "Figure 2 · Grokking, Gradually · https://…" */
  source: string;
  background: string;
  color: string;
  mutedColor: string;
  fontFamily: string;
  /** Padding around everything, in px. */
  pad?: number;
}

export interface ExportedSvg {
  svg: string;
  width: number;
  height: number;
}

interface Graphic {
  el: SVGSVGElement | HTMLCanvasElement;
  rect: DOMRect;
}

function graphicsIn(root: Element): Graphic[] {
  const out: Graphic[] = [];
  for (const el of root.querySelectorAll<SVGSVGElement | HTMLCanvasElement>('svg, canvas')) {
    if (el.closest(SKIP)) continue;
    if (el instanceof SVGSVGElement && el.parentElement?.closest('svg')) continue; // nested: exported with its parent
    const rect = el.getBoundingClientRect();
    if (rect.width * rect.height < MIN_AREA) continue;
    if (getComputedStyle(el).display === 'none') continue;
    out.push({ el, rect });
  }
  return out;
}

function inlineStyles(source: Element, clone: Element): void {
  const cs = getComputedStyle(source);
  const style: string[] = [];
  for (const prop of STYLE_PROPS) {
    const value = cs.getPropertyValue(prop);
    if (value !== '') style.push(`${prop}:${value}`);
  }
  if (cs.display === 'none') style.push('display:none');
  // CSS transforms (not the transform attribute) are lost outside the page: keep them.
  if (cs.transform !== 'none' && !source.hasAttribute('transform') && !(source instanceof SVGSVGElement)) {
    style.push(`transform:${cs.transform}`, `transform-origin:${cs.transformOrigin}`, 'transform-box:fill-box');
  }
  clone.setAttribute('style', style.join(';'));
  clone.removeAttribute('class');
  const kids = source.children;
  const cloneKids = clone.children;
  for (let i = 0; i < kids.length; i++) inlineStyles(kids[i], cloneKids[i]);
}

function svgGraphic(g: Graphic, x: number, y: number): Element {
  const clone = g.el.cloneNode(true) as SVGSVGElement;
  inlineStyles(g.el, clone);
  clone.setAttribute('x', String(x));
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(g.rect.width));
  clone.setAttribute('height', String(g.rect.height));
  if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${g.rect.width} ${g.rect.height}`);
  return clone;
}

function canvasGraphic(g: Graphic, x: number, y: number): Element | null {
  let href: string;
  try {
    href = (g.el as HTMLCanvasElement).toDataURL('image/png');
  } catch {
    return null; // a tainted canvas cannot be read; leave it out rather than fail the export
  }
  const img = document.createElementNS(SVG_NS, 'image');
  img.setAttribute('x', String(x));
  img.setAttribute('y', String(y));
  img.setAttribute('width', String(g.rect.width));
  img.setAttribute('height', String(g.rect.height));
  img.setAttribute('href', href);
  return img;
}

/** Splits a word wider than maxWidth (a URL) into pieces that fit, breaking after / ? & = where it can. */
function breakWord(word: string, maxWidth: number, measure: (s: string) => number): string[] {
  if (measure(word) <= maxWidth) return [word];
  const pieces: string[] = [];
  let rest = word;
  while (rest && measure(rest) > maxWidth) {
    let cut = 1;
    while (cut < rest.length && measure(rest.slice(0, cut + 1)) <= maxWidth) cut++;
    const soft = Math.max(...['/', '?', '&', '='].map((c) => rest.lastIndexOf(c, cut - 1) + 1));
    if (soft > cut / 2) cut = soft;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Greedy word wrap by measured width; words wider than a line are broken. */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = '';
    const words = paragraph
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((w) => breakWord(w, maxWidth, measure));
    for (const word of words) {
      const next = line ? `${line} ${word}` : word;
      if (line && measure(next) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
  }
  return lines;
}

function textBlock(lines: string[], x: number, y: number, size: number, lineHeight: number, fill: string, family: string): Element {
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(x));
  text.setAttribute('y', String(y));
  text.setAttribute('font-size', String(size));
  text.setAttribute('font-family', family);
  text.setAttribute('fill', fill);
  lines.forEach((line, i) => {
    const tspan = document.createElementNS(SVG_NS, 'tspan');
    tspan.setAttribute('x', String(x));
    tspan.setAttribute('dy', i === 0 ? '0' : String(lineHeight));
    tspan.textContent = line;
    text.appendChild(tspan);
  });
  return text;
}

/** A legend entry drawn in the page as a coloured swatch (.gg-swatch) beside its name. */
interface KeyItem {
  label: string;
  color: string;
}

const visible = (el: Element) => !el.closest(SKIP) && (el as HTMLElement).offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The figure's key: every visible swatch with the text of the label or legend entry it sits in. */
function keyIn(root: Element): KeyItem[] {
  const out: KeyItem[] = [];
  for (const sw of root.querySelectorAll('.gg-swatch')) {
    if (!visible(sw)) continue;
    const host = sw.closest('label, .legend, li, span[class*="legend"]') ?? sw.parentElement;
    const label = squash(host?.textContent ?? '');
    if (label && !out.some((k) => k.label === label)) out.push({ label, color: getComputedStyle(sw).color });
  }
  return out;
}

/** Readouts the figure shows as text (data-readout): "71 + 65 ≡ 23", "step 1,500: train loss …". */
function readoutsIn(root: Element): string[] {
  return [...root.querySelectorAll('[data-readout]')].filter(visible).map((el) => squash(el.textContent)).filter(Boolean);
}

/** HTML bar charts (rows marked data-bar-label / data-bar-value in [0, 1]), e.g. "ask the model"'s top answers. */
function barsIn(root: Element): { label: string; value: number; text: string; highlight: boolean }[] {
  return [...root.querySelectorAll<HTMLElement>('[data-bar-value]')]
    .filter(visible)
    .map((row) => ({
      label: row.dataset.barLabel ?? '',
      value: Math.max(0, Math.min(1, Number(row.dataset.barValue))),
      text: squash(row.dataset.barText ?? ''),
      highlight: row.dataset.barHighlight === 'true',
    }));
}

/** The first opaque background among the figure's ancestors and the page; the theme's paper colour otherwise. */
export function opaqueBackground(from: Element): string {
  for (let el: Element | null = from; el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c)) return c;
  }
  return document.documentElement.getAttribute('data-theme') === 'dark' || matchMedia('(prefers-color-scheme: dark)').matches ? '#141619' : '#fdfcf9';
}

/** Builds the standalone SVG for the figure element `root`. Throws if it has nothing to draw. */
export function exportSvg(root: Element, opts: ExportOptions): ExportedSvg {
  const graphics = graphicsIn(root);
  const bars = barsIn(root);
  const key = keyIn(root);
  const readouts = readoutsIn(root);
  if (graphics.length === 0 && bars.length === 0) throw new Error('This figure has no picture to download yet.');
  const pad = opts.pad ?? 24;
  const left = graphics.length ? Math.min(...graphics.map((g) => g.rect.left)) : 0;
  const top = graphics.length ? Math.min(...graphics.map((g) => g.rect.top)) : 0;
  const right = graphics.length ? Math.max(...graphics.map((g) => g.rect.right)) : 0;
  const bottom = graphics.length ? Math.max(...graphics.map((g) => g.rect.bottom)) : 0;
  // At least slide-text wide, so the caption does not run down a narrow column.
  const width = Math.max(640, Math.ceil(right - left + 2 * pad));
  const inset = (width - (right - left)) / 2; // graphics centred

  const ctx = document.createElement('canvas').getContext('2d');
  const measure = (font: string) => (s: string) => {
    if (!ctx) return s.length * 8;
    ctx.font = font;
    return ctx.measureText(s).width;
  };
  const captionSize = 15;
  const noteSize = 13;
  const sourceSize = 12;
  const inner = width - 2 * pad;

  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('xmlns:xlink', XLINK_NS);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', opts.background);
  svg.appendChild(bg);

  let y = pad;
  for (const g of graphics) {
    const node = g.el instanceof SVGSVGElement ? svgGraphic(g, inset + (g.rect.left - left), pad + (g.rect.top - top)) : canvasGraphic(g, inset + (g.rect.left - left), pad + (g.rect.top - top));
    if (node) svg.appendChild(node);
  }
  y += bottom - top;

  if (bars.length) {
    // One row per bar: label, a bar scaled to the widest possible, the value as text.
    const rowH = 22;
    const labelW = 56;
    const textW = 70;
    const barW = inner - labelW - textW;
    y += graphics.length ? 16 : 0;
    for (const b of bars) {
      const label = textBlock([b.label], pad, y + 15, noteSize, noteSize, opts.color, opts.fontFamily);
      if (b.highlight) label.setAttribute('font-weight', '700');
      svg.appendChild(label);
      const rect = document.createElementNS(SVG_NS, 'rect');
      rect.setAttribute('x', String(pad + labelW));
      rect.setAttribute('y', String(y + 4));
      rect.setAttribute('width', String(Math.max(1, b.value * barW)));
      rect.setAttribute('height', String(rowH - 8));
      rect.setAttribute('fill', b.highlight ? opts.color : opts.mutedColor);
      rect.setAttribute('fill-opacity', b.highlight ? '0.85' : '0.5');
      svg.appendChild(rect);
      svg.appendChild(textBlock([b.text], pad + labelW + Math.max(1, b.value * barW) + 6, y + 15, noteSize, noteSize, opts.color, opts.fontFamily));
      y += rowH;
    }
  }

  if (key.length) {
    // The legend, wrapped into rows: a swatch line and the entry's name.
    y += 18;
    let x = pad;
    const m = measure(`${noteSize}px ${opts.fontFamily}`);
    for (const k of key) {
      const w = 22 + m(k.label) + 18;
      if (x > pad && x + w > width - pad) {
        x = pad;
        y += noteSize * 1.6;
      }
      const line = document.createElementNS(SVG_NS, 'line');
      line.setAttribute('x1', String(x));
      line.setAttribute('x2', String(x + 16));
      line.setAttribute('y1', String(y - noteSize / 3));
      line.setAttribute('y2', String(y - noteSize / 3));
      line.setAttribute('stroke', k.color);
      line.setAttribute('stroke-width', '3');
      svg.appendChild(line);
      svg.appendChild(textBlock([k.label], x + 22, y, noteSize, noteSize, opts.color, opts.fontFamily));
      x += w;
    }
  }

  const noteLines = readouts.flatMap((r) => wrapText(r, inner, measure(`${noteSize}px ${opts.fontFamily}`)));
  if (noteLines.length) {
    y += 12 + noteSize;
    svg.appendChild(textBlock(noteLines, pad, y, noteSize, noteSize * 1.4, opts.color, opts.fontFamily));
    y += (noteLines.length - 1) * noteSize * 1.4;
  }

  const captionLines = wrapText(opts.caption, inner, measure(`${captionSize}px ${opts.fontFamily}`));
  if (captionLines.length) {
    y += 20 + captionSize;
    svg.appendChild(textBlock(captionLines, pad, y, captionSize, captionSize * 1.4, opts.color, opts.fontFamily));
    y += (captionLines.length - 1) * captionSize * 1.4;
  }
  const sourceLines = wrapText(opts.source, inner, measure(`${sourceSize}px ${opts.fontFamily}`));
  y += 12 + sourceSize + (captionLines.length ? 6 : 0);
  svg.appendChild(textBlock(sourceLines, pad, y, sourceSize, sourceSize * 1.4, opts.mutedColor, opts.fontFamily));
  y += (sourceLines.length - 1) * sourceSize * 1.4;

  const height = Math.ceil(y + pad);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const xml = new XMLSerializer().serializeToString(svg);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, width, height };
}

/** Draws an exported SVG onto a canvas at `scale` (2 = crisp on slides) and returns a PNG. */
export async function svgToPng(exported: ExportedSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([exported.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(exported.width * scale);
    canvas.height = Math.round(exported.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw the PNG.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('This browser cannot encode the PNG.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
