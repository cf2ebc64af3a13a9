// Plain TypeScript forward pass of the modular-addition transformer, final position only.
// Reference for the ONNX export and a CPU fallback for live progress measures on small batches.
//   x0[j] = W_E[tok_j] + W_pos[j];  k_j, v_j = W_K x0[j], W_V x0[j];  q = W_Q x0[last]
//   attn_h = softmax_j(q_h·k_hj / √d_head) (the final position sees every position, so the causal mask is a no-op)
//   x1 = x0[last] + W_O concat_h(Σ_j attn_hj v_hj);  post = relu(W_in x1 + b_in);  x2 = x1 + W_out post + b_out
//   logits = x2 @ W_U
// Keys, values and queries depend only on (position, token), so they are computed once per pair and reused:
// per input the cost is the MLP (2·d_mlp·d_model) plus the unembedding. Accumulates in float64.
import { dimsFromWeights, need, type Weights } from './types';

export interface ForwardOutputs {
  logits: Float32Array; // [batch, d_out]
  attn: Float32Array; // [batch, n_heads, n_ctx]
  mlpPost: Float32Array; // [batch, d_mlp]
  residFinal: Float32Array; // [batch, d_model]
}

/** tokens: [batch, n_ctx] row-major token ids. */
export function cpuForward(w: Weights, tokens: ArrayLike<number>, batch: number): ForwardOutputs {
  const { d_model: D, n_heads: H, d_head: Dh, d_mlp: M, n_ctx: N, d_vocab: V, d_out: O } = dimsFromWeights(w);
  const WE = need(w, 'W_E').data, Wpos = need(w, 'W_pos').data;
  const WQ = need(w, 'W_Q').data, WK = need(w, 'W_K').data, WV = need(w, 'W_V').data, WO = need(w, 'W_O').data;
  const Win = need(w, 'W_in').data, bin = need(w, 'b_in').data, Wout = need(w, 'W_out').data, bout = need(w, 'b_out').data;
  const WU = need(w, 'W_U').data;
  if (tokens.length < batch * N) throw new Error(`tokens: need ${batch * N} ids, got ${tokens.length}`);
  const HD = H * Dh;

  // x0 for every (position, token), then W x0 for the three projections: [N, V, D] and [N, V, HD].
  const x0 = new Float64Array(N * V * D);
  for (let j = 0; j < N; j++)
    for (let t = 0; t < V; t++)
      for (let d = 0; d < D; d++) x0[(j * V + t) * D + d] = WE[t * D + d] + Wpos[j * D + d];
  const project = (W: Float32Array): Float64Array => {
    const out = new Float64Array(N * V * HD);
    for (let jt = 0; jt < N * V; jt++)
      for (let r = 0; r < HD; r++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += W[r * D + d] * x0[jt * D + d];
        out[jt * HD + r] = s;
      }
    return out;
  };
  const K = project(WK), Vv = project(WV), Q = project(WQ);

  const logits = new Float32Array(batch * O);
  const attn = new Float32Array(batch * H * N);
  const mlpPost = new Float32Array(batch * M);
  const resid = new Float32Array(batch * D);
  const scores = new Float64Array(N);
  const z = new Float64Array(HD);
  const x1 = new Float64Array(D);
  const post = new Float64Array(M);
  const x2 = new Float64Array(D);
  const inv = 1 / Math.sqrt(Dh);

  for (let b = 0; b < batch; b++) {
    const last = tokens[b * N + N - 1];
    const qo = ((N - 1) * V + last) * HD;
    for (let h = 0; h < H; h++) {
      let mx = -Infinity;
      for (let j = 0; j < N; j++) {
        const ko = (j * V + tokens[b * N + j]) * HD + h * Dh;
        let s = 0;
        for (let i = 0; i < Dh; i++) s += Q[qo + h * Dh + i] * K[ko + i];
        scores[j] = s * inv;
        if (scores[j] > mx) mx = scores[j];
      }
      let sum = 0;
      for (let j = 0; j < N; j++) { scores[j] = Math.exp(scores[j] - mx); sum += scores[j]; }
      for (let i = 0; i < Dh; i++) z[h * Dh + i] = 0;
      for (let j = 0; j < N; j++) {
        const a = scores[j] / sum;
        attn[(b * H + h) * N + j] = a;
        const vo = (j * V + tokens[b * N + j]) * HD + h * Dh;
        for (let i = 0; i < Dh; i++) z[h * Dh + i] += a * Vv[vo + i];
      }
    }
    const xo = ((N - 1) * V + last) * D;
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let r = 0; r < HD; r++) s += WO[d * HD + r] * z[r];
      x1[d] = x0[xo + d] + s;
    }
    for (let m = 0; m < M; m++) {
      let s = bin[m];
      for (let d = 0; d < D; d++) s += Win[m * D + d] * x1[d];
      post[m] = s > 0 ? s : 0;
      mlpPost[b * M + m] = post[m];
    }
    for (let d = 0; d < D; d++) {
      let s = bout[d];
      for (let m = 0; m < M; m++) s += Wout[d * M + m] * post[m];
      x2[d] = x1[d] + s;
      resid[b * D + d] = x2[d];
    }
    for (let v = 0; v < O; v++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += x2[d] * WU[d * O + v];
      logits[b * O + v] = s;
    }
  }
  return { logits, attn, mlpPost, residFinal: resid };
}

/** Tokens [a, b, p] for all p² pairs, row a*p+b: [p², 3]. */
export function allPairsTokens(p: number): Int32Array {
  const t = new Int32Array(p * p * 3);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      const o = (a * p + b) * 3;
      t[o] = a;
      t[o + 1] = b;
      t[o + 2] = p;
    }
  return t;
}
