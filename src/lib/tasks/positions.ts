/**
 * Positional encodings that can be evaluated at any length (the learned W_pos of the modular-addition
 * model cannot: it has no row for a position it never saw).
 *
 *  sinusoidal (Vaswani et al. 2017): PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(same);
 *    a sequence of length L uses positions 0..L-1.
 *  randomized (Ruoss et al. 2023): the same table, but a sequence of length L uses an increasing random
 *    subset of L positions out of 0..M-1 (M larger than any test length), so training already shows the
 *    model the large position values that long test strings need; only their order carries meaning.
 */
import type { Rng } from './prng';

type PositionalEncoding = 'sinusoidal' | 'randomized';

/** [M, d] row-major. */
export function sinusoidalTable(M: number, d: number): Float32Array {
  const out = new Float32Array(M * d);
  for (let pos = 0; pos < M; pos++) {
    for (let i = 0; i < d; i += 2) {
      const angle = pos / Math.pow(10000, i / d);
      out[pos * d + i] = Math.sin(angle);
      if (i + 1 < d) out[pos * d + i + 1] = Math.cos(angle);
    }
  }
  return out;
}

/** An increasing sample of L distinct positions from 0..M-1 (Floyd's algorithm, then sorted). */
export function randomPositions(rng: Rng, L: number, M: number): Int32Array {
  if (L > M) throw new Error(`invalid length: ${L} > ${M} positions`);
  const chosen = new Set<number>();
  for (let j = M - L; j < M; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

/** Positions for n rows of length L (row-major [n*L]). */
export function positionRows(pe: PositionalEncoding, rng: Rng, n: number, L: number, M: number): Int32Array {
  const out = new Int32Array(n * L);
  for (let i = 0; i < n; i++) {
    if (pe === 'sinusoidal') for (let t = 0; t < L; t++) out[i * L + t] = t;
    else out.set(randomPositions(rng, L, M), i * L);
  }
  return out;
}
