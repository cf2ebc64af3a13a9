/**
 * The transformer of Nanda et al. (transformers.py), parameterised for reuse:
 *   x0 = W_E[tok] + W_pos[pos]                          [B, T, d_model]
 *   per layer: x += W_O concat_h softmax_causal(q k^T / sqrt(d_head)) v     (q = W_Q[h] x, ...)
 *              x += W_out relu(W_in x + b_in) + b_out
 *   logits = x W_U                                      [B, Tq, d_vocab]
 * Parameter names/shapes/init follow CONTRACT.md (n_layers = 1: W_E, W_pos, W_Q, W_K, W_V, W_O, W_in,
 * b_in, W_out, b_out, W_U; more layers: "blocks.<l>." prefixes on the per-layer names). Optional
 * pre-LayerNorm (ln1_w/b, ln2_w/b per layer, ln_final_w/b) for the Chomsky chapter; off by default.
 *
 * Final-position only (`lastOnly`): in the last layer, queries, the attention output, the MLP and the
 * unembedding are computed for position T-1 only (keys and values still cover all positions); the
 * loss reads nothing else, so this is exact and saves most of the work.
 */
import type { ParamSpec, ParamStore } from '../params';
import type { Graph, Tensor } from '../tensor';
import { add, causalAttention, gatherRows, layerNorm, matmul } from '../ops';

export interface TransformerConfig {
  d_vocab: number;
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  n_ctx: number;
  n_layers: number;
  layerNorm: boolean;
}

function prefix(cfg: TransformerConfig, l: number): string {
  return cfg.n_layers === 1 ? '' : `blocks.${l}.`;
}

/** Parameter specs in layout order (W_Q, W_K, W_V packed so one matmul reads [3*H*dh, d_model]). */
export function transformerSpecs(cfg: TransformerConfig): ParamSpec[] {
  const { d_vocab, d_model: d, n_heads: H, d_head: dh, d_mlp, n_ctx } = cfg;
  const std = 1 / Math.sqrt(d);
  const normal = (s: number) => ({ kind: 'normal' as const, std: s });
  const zeros = { kind: 'const' as const, value: 0 };
  const ones = { kind: 'const' as const, value: 1 };
  const specs: ParamSpec[] = [
    { name: 'W_E', shape: [d_vocab, d], init: normal(std) },
    { name: 'W_pos', shape: [n_ctx, d], init: normal(std) },
  ];
  for (let l = 0; l < cfg.n_layers; l++) {
    const p = prefix(cfg, l);
    if (cfg.layerNorm) specs.push({ name: `${p}ln1_w`, shape: [d], init: ones }, { name: `${p}ln1_b`, shape: [d], init: zeros });
    specs.push(
      { name: `${p}W_Q`, shape: [H, dh, d], init: normal(std) },
      { name: `${p}W_K`, shape: [H, dh, d], init: normal(std), packed: true },
      { name: `${p}W_V`, shape: [H, dh, d], init: normal(std), packed: true },
      { name: `${p}W_O`, shape: [d, H * dh], init: normal(std) },
    );
    if (cfg.layerNorm) specs.push({ name: `${p}ln2_w`, shape: [d], init: ones }, { name: `${p}ln2_b`, shape: [d], init: zeros });
    specs.push(
      { name: `${p}W_in`, shape: [d_mlp, d], init: normal(std) },
      { name: `${p}b_in`, shape: [d_mlp], init: zeros },
      { name: `${p}W_out`, shape: [d, d_mlp], init: normal(std) },
      { name: `${p}b_out`, shape: [d], init: zeros },
    );
  }
  if (cfg.layerNorm) specs.push({ name: 'ln_final_w', shape: [d], init: ones }, { name: 'ln_final_b', shape: [d], init: zeros });
  specs.push({ name: 'W_U', shape: [d, d_vocab], init: normal(1 / Math.sqrt(d_vocab)) });
  return specs;
}

export interface TransformerOutputs {
  /** [B, Tq, d_vocab] (Tq = 1 with lastOnly). */
  logits: Tensor;
  /** Last layer's attention pattern [B, H, Tq, T]. */
  attn: Tensor;
  /** Last layer's MLP activations after ReLU [B, Tq, d_mlp]. */
  mlpPost: Tensor;
  /** Residual stream after the last layer (before any final LayerNorm) [B, Tq, d_model]. */
  resid: Tensor;
}

/**
 * Build the forward graph for B sequences of length T (tokens: i32 [B*T] graph input).
 * withGrad false builds an inference graph (no gradient buffers).
 */
export function buildTransformer(
  g: Graph, store: ParamStore, cfg: TransformerConfig, tokens: Tensor, B: number, T: number, lastOnly: boolean, withGrad = true,
): TransformerOutputs {
  const { d_model: d, n_heads: H, d_head: dh, d_mlp } = cfg;
  if (T > cfg.n_ctx) throw new Error(`sequence length ${T} > n_ctx ${cfg.n_ctx}`);
  const P = (name: string) => store.tensor(g, name, withGrad);
  const HD = H * dh;

  const wpos = g.view(P('W_pos'), 0, [T, d], 'W_pos[:T]');
  let x = add(gatherRows(P('W_E'), tokens, 'embed'), wpos, 'x0'); // [B*T, d]
  let Tcur = T;
  let attn: Tensor | null = null;
  let mlpPost: Tensor | null = null;
  for (let l = 0; l < cfg.n_layers; l++) {
    const p = prefix(cfg, l);
    const last = l === cfg.n_layers - 1;
    const Tq = last && lastOnly ? 1 : T;
    const h1 = cfg.layerNorm ? layerNorm(x, P(`${p}ln1_w`), P(`${p}ln1_b`), 1e-5, `${p}ln1`) : x;
    const wqkv = store.packedTensor(g, `${p}W_Q`, [3 * HD, d], withGrad, `${p}W_QKV`);
    const qkv = g.reshape(matmul(h1, wqkv, { transB: true, label: `${p}qkv` }), [B, T, 3 * HD]);
    const a = causalAttention(qkv, H, dh, Tq, `${p}attn`);
    attn = a.att;
    const attnOut = matmul(a.z, P(`${p}W_O`), { transB: true, label: `${p}attn_out` }); // [B, Tq, d]
    let resid = x;
    if (Tq !== Tcur) {
      // Residual rows of the final position only: row b*T + T-1 of x.
      const idx = g.tensor([B], false, 'lastRows', 'i32');
      const rows = new Int32Array(B);
      for (let b = 0; b < B; b++) rows[b] = b * T + T - 1;
      g.backend.write(idx.data, rows);
      resid = gatherRows(x, idx, `${p}resid_last`);
    }
    x = add(g.reshape(resid, [B, Tq, d]), attnOut, `${p}x_mid`);
    const h2 = cfg.layerNorm ? layerNorm(x, P(`${p}ln2_w`), P(`${p}ln2_b`), 1e-5, `${p}ln2`) : x;
    mlpPost = matmul(h2, P(`${p}W_in`), { transB: true, bias: P(`${p}b_in`), act: 'relu', label: `${p}mlp_post` });
    const mlpOut = matmul(mlpPost, P(`${p}W_out`), { transB: true, bias: P(`${p}b_out`), label: `${p}mlp_out` });
    x = add(x, mlpOut, `${p}x_post`);
    Tcur = Tq;
  }
  const resid = x;
  const hf = cfg.layerNorm ? layerNorm(x, P('ln_final_w'), P('ln_final_b'), 1e-5, 'ln_final') : x;
  const logits = matmul(hf, P('W_U'), { label: 'logits' });
  return { logits, attn: attn!, mlpPost: mlpPost!, resid };
}
