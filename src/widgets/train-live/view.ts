// Small browser helpers of the live-training figure: the p × p canvas, downloads, number formats.
import { getBit } from '../../lib/analysis/bitset';
import { resolveColor } from '../algorithm/theme';

/** The prime in `primes` closest to v (ties: the smaller). */
export function nearestPrime(v: number, primes: readonly number[]): number {
  let best = primes[0];
  for (const q of primes) if (Math.abs(q - v) < Math.abs(best - v)) best = q;
  return best;
}

export function fmtLoss(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v >= 0.01 ? v.toFixed(3) : v.toExponential(1);
}

/**
 * Draw the p × p table: row a, column b; a right training pair, a right test pair, or wrong.
 * `correct` null (not evaluated yet) draws every cell as wrong. Cells are whole device pixels.
 */
export function drawPairs(canvas: HTMLCanvasElement, themeEl: Element, p: number, train: Uint8Array, correct: Uint8Array | null, sizeCss: number): void {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const cell = Math.max(1, Math.floor((sizeCss * dpr) / p));
  const px = cell * p;
  canvas.width = px;
  canvas.height = px;
  canvas.style.width = `${px / dpr}px`;
  canvas.style.height = `${px / dpr}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const colors = {
    train: resolveColor(themeEl, '--c-train-cell'),
    test: resolveColor(themeEl, '--c-right'),
    wrong: resolveColor(themeEl, '--c-wrong'),
  };
  ctx.fillStyle = colors.wrong;
  ctx.fillRect(0, 0, px, px);
  if (!correct) return;
  for (const kind of ['train', 'test'] as const) {
    ctx.fillStyle = colors[kind];
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const i = a * p + b;
        if (getBit(correct, i) && getBit(train, i) === (kind === 'train')) ctx.fillRect(b * cell, a * cell, cell, cell);
      }
    }
  }
}

