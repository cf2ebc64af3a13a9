// Small browser helpers of the live-training figure: the p × p canvas, downloads, number formats.
import { getBit } from '../../lib/analysis/bitset';
import { resolveColor } from '../algorithm/theme';

/** The prime in `primes` closest to v (ties: the smaller). */
export function nearestPrime(v: number, primes: readonly number[]): number {
  let best = primes[0];
  for (const q of primes) if (Math.abs(q - v) < Math.abs(best - v)) best = q;
  return best;
}

/**
 * The loss chart's last step: the smallest 1, 2 or 5 × 10^k at or above `step`. The x scale then
 * changes a handful of times in a run instead of at every batch (each change redraws every curve).
 */
export function niceCeil(step: number): number {
  if (!(step > 1)) return 1;
  const k = 10 ** Math.floor(Math.log10(step));
  for (const m of [1, 2, 5, 10]) if (m * k >= step) return m * k;
  return 10 * k;
}

export function fmtLoss(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v >= 0.01 ? v.toFixed(3) : v.toExponential(1);
}

/**
 * The p × p table on a canvas: row a, column b; a right training pair, a right test pair, or wrong.
 * Cells are whole device pixels. Draws are coalesced to one per animation frame and incremental: only
 * the cells whose state changed since the last frame are filled (the whole table is drawn again only
 * when p, the size, the split or the theme changes). Theme colours are resolved once per theme
 * (resolveColor forces a style recalculation, which costs a frame on a long page).
 */
export class PairsPainter {
  private frame: number | null = null;
  private want: { p: number; train: Uint8Array; correct: Uint8Array | null; sizeCss: number } | null = null;
  /** What the canvas shows: cell state per pair (0 wrong, 1 train right, 2 test right). */
  private shown: Uint8Array | null = null;
  /** The split and geometry `shown` was drawn for. */
  private trainShown: Uint8Array | null = null;
  private key = '';
  private colors: Record<'train' | 'test' | 'wrong', string> | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly themeEl: Element) {}

  /** The theme changed: resolve the colours again and repaint everything. */
  themeChanged(): void {
    this.colors = null;
    this.key = '';
    this.schedule();
  }

  /** `correct` null (not evaluated yet) draws every cell as wrong. */
  draw(p: number, train: Uint8Array, correct: Uint8Array | null, sizeCss: number): void {
    this.want = { p, train, correct, sizeCss };
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    if (typeof requestAnimationFrame !== 'function') return this.paint();
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.paint();
    });
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  private paint(): void {
    const w = this.want;
    const ctx = this.canvas.getContext('2d');
    if (!w || !ctx) return;
    const { p, train, correct } = w;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    const cell = Math.max(1, Math.floor((w.sizeCss * dpr) / p));
    const px = cell * p;
    const colors = (this.colors ??= {
      train: resolveColor(this.themeEl, '--c-train-cell'),
      test: resolveColor(this.themeEl, '--c-right'),
      wrong: resolveColor(this.themeEl, '--c-wrong'),
    });
    const key = `${p} ${px} ${dpr}`;
    let shown = this.shown;
    if (key !== this.key || !shown || this.trainShown !== train) {
      if (this.canvas.width !== px) this.canvas.width = px;
      if (this.canvas.height !== px) this.canvas.height = px;
      this.canvas.style.width = `${px / dpr}px`;
      this.canvas.style.height = `${px / dpr}px`;
      ctx.fillStyle = colors.wrong;
      ctx.fillRect(0, 0, px, px);
      shown = this.shown = new Uint8Array(p * p);
      this.key = key;
      this.trainShown = train;
    }
    const fills = [colors.wrong, colors.train, colors.test];
    for (const state of [0, 1, 2]) {
      ctx.fillStyle = fills[state];
      for (let i = 0; i < p * p; i++) {
        const now = correct && getBit(correct, i) ? (getBit(train, i) ? 1 : 2) : 0;
        if (now !== state || shown[i] === now) continue;
        ctx.fillRect((i % p) * cell, Math.floor(i / p) * cell, cell, cell);
        shown[i] = now;
      }
    }
  }
}

