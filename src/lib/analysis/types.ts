// Shared shapes for the analysis code (the parameters of src/lib/train/models/transformer.ts).
// Plain structural types, so the training engine's own config/weights types fit without conversion.

/** One named parameter: row-major data with its shape. */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

/** Parameters by name: W_E, W_pos, W_Q, W_K, W_V, W_O, W_in, b_in, W_out, b_out, W_U. */
export type Weights = Record<string, WeightTensor>;

/**
 * Sizes of the one-layer modular-addition transformer. d_vocab = p + 1 input tokens ('=' is token p);
 * d_out = W_U's columns: p (the answers, as in the paper) or p + 1 (runs trained before that change).
 */
export interface ModelDims {
  p: number;
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  n_ctx: number;
  d_vocab: number;
  d_out: number;
}

/** Reads the dimensions off a weights record (so callers need not pass them twice). */
export function dimsFromWeights(w: Weights): ModelDims {
  const we = need(w, 'W_E').shape;
  const wq = need(w, 'W_Q').shape;
  const win = need(w, 'W_in').shape;
  const wpos = need(w, 'W_pos').shape;
  return {
    p: we[0] - 1,
    d_vocab: we[0],
    d_out: need(w, 'W_U').shape[1],
    d_model: we[1],
    n_heads: wq[0],
    d_head: wq[1],
    d_mlp: win[0],
    n_ctx: wpos[0],
  };
}

/** The weight called `name`, or a clear error naming what is missing. */
export function need(w: Weights, name: string): WeightTensor {
  const t = w[name];
  if (!t) throw new Error(`missing weight ${name}`);
  return t;
}
