// Seeded random weights with the paper's init (randn/√d_model, W_U randn/√d_vocab, biases 0), for tests.
import type { ModelDims, Weights } from '../../../src/lib/analysis/types';

/** mulberry32 + Box–Muller: deterministic standard normals. */
export function normalSource(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

export function tinyDims(p: number, over: Partial<ModelDims> = {}): ModelDims {
  return { p, d_model: 16, n_heads: 2, d_head: 8, d_mlp: 24, n_ctx: 3, d_vocab: p + 1, d_out: p + 1, ...over };
}

export function randomWeights(dims: ModelDims, seed = 1): Weights {
  const rn = normalSource(seed);
  const { d_model: D, n_heads: H, d_head: Dh, d_mlp: M, n_ctx: N, d_vocab: V, d_out: O } = dims;
  const t = (shape: number[], scale: number) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rn() * scale;
    return { shape, data };
  };
  const s = 1 / Math.sqrt(D);
  return {
    W_E: t([V, D], s),
    W_pos: t([N, D], s),
    W_Q: t([H, Dh, D], s),
    W_K: t([H, Dh, D], s),
    W_V: t([H, Dh, D], s),
    W_O: t([D, H * Dh], s),
    W_in: t([M, D], s),
    b_in: t([M], 0),
    W_out: t([D, M], s),
    b_out: t([D], 0),
    W_U: t([D, O], 1 / Math.sqrt(V)),
  };
}
