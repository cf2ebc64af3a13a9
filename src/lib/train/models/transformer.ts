/**
 * The transformer of Nanda et al. (transformers.py), parameterised for reuse:
 *   x0 = W_E[tok] + W_pos[pos]                          [B, T, d_model]
 *   per layer: x += W_O concat_h softmax_causal(q k^T / sqrt(d_head)) v     (q = W_Q[h] x, ...)
 *              x += W_out relu(W_in x + b_in) + b_out
 *   logits = x W_U                                      [B, Tq, d_out]
 * Parameter names/shapes/init follow the paper's transformers.py (n_layers = 1: W_E, W_pos, W_Q, W_K, W_V, W_O, W_in,
 * b_in, W_out, b_out, W_U; more layers: "blocks.<l>." prefixes on the per-layer names). Optional
 * pre-LayerNorm (ln1_w/b, ln2_w/b per layer, ln_final_w/b) for the Chomsky chapter; off by default.
 *
 * First layer from token tables (BuildOptions.tokenTables): see there; with both, the p=113 paper
 * model's step does the Q|K|V projection for 3*114 rows instead of 3*3831.
 *
 * Final-position only (`lastOnly`): in the last layer, queries, the attention output, the MLP and the
 * unembedding are computed for position T-1 only (keys and values still cover all positions); the
 * loss reads nothing else, so this is exact and saves most of the work.
 */
import type { ParamSpec, ParamStore } from '../params';
import type { Graph, Tensor } from '../tensor';
import { add, causalAttention, causalAttentionRows, gatherRows, layerNorm, matmul } from '../ops';

export interface TransformerConfig {
  /** Input tokens (W_E's rows). */
  d_vocab: number;
  /** W_U's columns (the logits); default d_vocab. The modular-addition runs use p (answers only) or p + 1. */
  d_out?: number;
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
  // std 1/sqrt(d_vocab) also when W_U has fewer columns: the paper's init (randn / sqrt(d_vocab)).
  specs.push({ name: 'W_U', shape: [d, cfg.d_out ?? d_vocab], init: normal(1 / Math.sqrt(d_vocab)) });
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
  /** Enqueue the upload of a batch of token rows (host i32 [B*T], row-major) and derived indices. */
  setTokens(tokens: Int32Array): void;
}

interface BuildOptions {
  /** Compute only what the loss at the final position needs (exact for that loss). */
  lastOnly: boolean;
  /** false builds an inference graph (no gradient buffers). Default true. */
  withGrad?: boolean;
  /**
   * First layer from token tables: before the first attention every position's residual is
   * W_E[tok] + W_pos[t], a function of (t, tok) only, so LN1 and the Q|K|V projection are computed
   * once per (t, tok) pair ([T*d_vocab] rows) and gathered per example, instead of per example and
   * position ([B*T] rows). Exact; default on when d_vocab < B.
   */
  tokenTables?: boolean;
}

function intInput(g: Graph, n: number, label: string, values?: Int32Array): Tensor {
  const t = g.tensor([n], false, label, 'i32');
  if (values) g.backend.write(t.data, values);
  return t;
}

/** Build the forward graph for B sequences of length T. */
export function buildTransformer(
  g: Graph, store: ParamStore, cfg: TransformerConfig, B: number, T: number, opts: BuildOptions,
): TransformerOutputs {
  const { d_model: d, n_heads: H, d_head: dh, d_vocab: V } = cfg;
  if (T > cfg.n_ctx) throw new Error(`sequence length ${T} > n_ctx ${cfg.n_ctx}`);
  const withGrad = opts.withGrad ?? true;
  const lastOnly = opts.lastOnly;
  const tables = opts.tokenTables ?? V < B;
  const P = (name: string) => store.tensor(g, name, withGrad);
  const HD = H * dh;
  const lastOf = (l: number) => l === cfg.n_layers - 1 && lastOnly;

  // Inputs. Table path: idx[b*T+t] = t*V + tok, last[b] = (T-1)*V + tok[b, T-1].
  // Direct path: tokens as given; last[b] = b*T + T-1 (rows of the residual).
  const tokIdx = intInput(g, B * T, 'tokens');
  const lastIdx = intInput(g, B, 'lastRows');
  if (!tables) g.backend.write(lastIdx.data, Int32Array.from({ length: B }, (_, b) => b * T + T - 1));
  const setTokens = (tokens: Int32Array) => {
    if (tokens.length !== B * T) throw new Error(`setTokens: ${tokens.length} tokens for [${B}, ${T}]`);
    if (!tables) {
      g.backend.write(tokIdx.data, tokens);
      return;
    }
    const idx = new Int32Array(B * T);
    const last = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) idx[b * T + t] = t * V + tokens[b * T + t];
      last[b] = idx[b * T + T - 1];
    }
    g.backend.write(tokIdx.data, idx);
    g.backend.write(lastIdx.data, last);
  };

  let x: Tensor;
  let attn: Tensor | null = null;
  let mlpPost: Tensor | null = null;
  // First-layer residual source and Q|K|V rows.
  let x0tab: Tensor | null = null;
  if (tables) {
    const rep = Int32Array.from({ length: T * V }, (_, i) => i % V);
    const pos = Int32Array.from({ length: T * V }, (_, i) => Math.floor(i / V));
    x0tab = add(
      gatherRows(P('W_E'), intInput(g, T * V, 'tableTokens', rep), 'embed_table'),
      gatherRows(P('W_pos'), intInput(g, T * V, 'tablePositions', pos), 'pos_table'),
      'x0_table',
    ); // [T*V, d]
    x = x0tab;
  } else {
    const wpos = g.view(P('W_pos'), 0, [T, d], 'W_pos[:T]');
    x = add(gatherRows(P('W_E'), tokIdx, 'embed'), wpos, 'x0'); // [B*T, d]
  }

  let Tcur = T;
  for (let l = 0; l < cfg.n_layers; l++) {
    const p = prefix(cfg, l);
    const Tq = lastOf(l) ? 1 : T;
    const h1 = cfg.layerNorm ? layerNorm(x, P(`${p}ln1_w`), P(`${p}ln1_b`), 1e-5, `${p}ln1`) : x;
    const wqkv = store.packedTensor(g, `${p}W_Q`, [3 * HD, d], withGrad, `${p}W_QKV`);
    const qkvRows = matmul(h1, wqkv, { transB: true, label: `${p}qkv` });
    let resid: Tensor;
    let a: ReturnType<typeof causalAttention>;
    if (l === 0 && x0tab) {
      // Q|K|V rows straight from the table's [T*V] rows (gathered, where the backend cannot read them in place).
      a = causalAttentionRows(qkvRows, tokIdx, B, T, H, dh, Tq, `${p}attn`);
      resid = gatherRows(x0tab, Tq === 1 ? lastIdx : tokIdx, `${p}resid`);
    } else {
      resid = Tq === Tcur ? x : gatherRows(x, lastIdx, `${p}resid_last`);
      a = causalAttention(g.reshape(qkvRows, [B, T, 3 * HD]), H, dh, Tq, `${p}attn`);
    }
    attn = a.att;
    const attnOut = matmul(a.z, P(`${p}W_O`), { transB: true, label: `${p}attn_out` }); // [B, Tq, d]
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
  return { logits, attn: attn!, mlpPost: mlpPost!, resid, setTokens };
}
