// Typed outputs of a shipped checkpoint (src/lib/train/onnx/transformer-export.ts) for a batch of (a, b) pairs (all at the final position).
export interface ModelOutputs {
  batch: number;
  logits: Float32Array; // [batch, d_vocab]
  attn: Float32Array; // [batch, n_heads, n_ctx]
  mlpPost: Float32Array; // [batch, d_mlp]
  residFinal: Float32Array; // [batch, d_model]
  dims: { d_vocab: number; n_heads: number; n_ctx: number; d_mlp: number; d_model: number };
}

export const OUTPUT_NAMES = { logits: 'logits', attn: 'attn', mlpPost: 'mlp_post', residFinal: 'resid_final' } as const;

/** Tokens [a, b, p] for each pair as the int64 data ORT wants: [batch, 3]. */
export function pairTokens(pairs: ArrayLike<number>, p: number): BigInt64Array {
  if (pairs.length % 2) throw new Error(`pairs: expected [a0, b0, a1, b1, …], got ${pairs.length} numbers`);
  const n = pairs.length / 2;
  const t = new BigInt64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = pairs[2 * i], b = pairs[2 * i + 1];
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < p && b < p)) throw new Error(`pairs: (${a}, ${b}) is not in Z_${p} × Z_${p}`);
    t[3 * i] = BigInt(a);
    t[3 * i + 1] = BigInt(b);
    t[3 * i + 2] = BigInt(p);
  }
  return t;
}

/** Pairs a*p+b for rows [start, end) of the all-pairs order, flattened [a0, b0, …]. */
export function pairRange(p: number, start: number, end: number): Int32Array {
  const out = new Int32Array((end - start) * 2);
  for (let i = start; i < end; i++) {
    out[2 * (i - start)] = (i / p) | 0;
    out[2 * (i - start) + 1] = i % p;
  }
  return out;
}
