/**
 * The two sequence models, built on the engine's ops, scoring every position (every prefix of the string).
 *
 * Transformer (pre-LayerNorm, causal; parameter names as models/transformer.ts, minus the learned W_pos):
 *   x0 = W_E[tok] + PE[pos]                PE: fixed sinusoid table [M, d_model], no gradient (positions.ts)
 *   per layer: x += W_O attn(LN1 x);  x += W_out relu(W_in LN2 x + b_in) + b_out
 *   logits = LN_f(x) W_U                   [B*T, classes]
 *   tok, pos: i32 [B*T] row-major. pos holds 0..T-1 (sinusoidal) or a sorted random subset (randomized).
 * Elman RNN (models/rnn.ts) and LSTM (models/lstm.ts), per-step logits: [B, classes] for t = 0..T-1 (step t =
 * prefix of length t+1).
 */
import { add, causalAttention, gatherRows, layerNorm, matmul } from '../ops';
import { elmanSpecs, buildElmanGraph } from '../models/rnn';
import { buildLstmGraph, lstmSpecs } from '../models/lstm';
import { transformerSpecs } from '../models/transformer';
import type { ParamSpec, ParamStore } from '../params';
import type { Graph, Tensor } from '../tensor';
import type { SequenceModelConfig } from '../run/config';
import { sinusoidalTable } from '../../tasks/positions';

/** Token and class counts: parity and Dyck-1 are binary (the defaults); a Delétang task has its input
 * alphabet plus the blank as vocabulary and its output alphabet as classes. */
export interface SeqShape {
  vocab: number;
  classes: number;
}
const BINARY: SeqShape = { vocab: 2, classes: 2 };

type SeqTransformerConfig = Extract<SequenceModelConfig, { arch: 'transformer' }>;

export function sequenceSpecs(m: SequenceModelConfig, shape: SeqShape = BINARY): ParamSpec[] {
  if (m.arch === 'rnn') return elmanSpecs({ vocab: shape.vocab, d_hidden: m.d_hidden, n_out: shape.classes });
  if (m.arch === 'lstm') return lstmSpecs({ vocab: shape.vocab, d_hidden: m.d_hidden, n_out: shape.classes });
  return transformerSpecs({
    d_vocab: shape.vocab, d_out: shape.classes, d_model: m.d_model, n_heads: m.n_heads, d_head: m.d_head, d_mlp: m.d_mlp, n_ctx: 1,
    n_layers: m.n_layers, layerNorm: true,
  }).filter((s) => s.name !== 'W_pos');
}

export interface SeqGraph {
  /** Logits per position, rows b*T + t: [B*T, classes] (recurrent: one [B, classes] per step). */
  logits: Tensor[];
  /** Upload tokens (and positions, transformer only), both i32 [B*T] row-major. */
  setInputs(tokens: Int32Array, positions?: Int32Array): void;
  /** Labels for the row order of `logits` (i32 [B*T]); see labelTensors. */
  labelTensors: { tensor: Tensor; rows: (labels: Int32Array) => Int32Array }[];
}

function prefix(m: SeqTransformerConfig, l: number): string {
  return m.n_layers === 1 ? '' : `blocks.${l}.`;
}

export function buildSeqTransformer(g: Graph, store: ParamStore, m: SeqTransformerConfig, B: number, T: number, withGrad: boolean): SeqGraph {
  const be = g.backend;
  const { d_model: d, n_heads: H, d_head: dh } = m;
  const P = (name: string) => store.tensor(g, name, withGrad);
  const tok = g.tensor([B * T], false, 'tokens', 'i32');
  const pos = g.tensor([B * T], false, 'positions', 'i32');
  const pe = g.tensor([m.maxPositions, d], false, 'pe_table');
  be.write(pe.data, sinusoidalTable(m.maxPositions, d));
  let x = add(gatherRows(P('W_E'), tok, 'embed'), gatherRows(pe, pos, 'pos_embed'), 'x0'); // [B*T, d]
  for (let l = 0; l < m.n_layers; l++) {
    const p = prefix(m, l);
    const h1 = layerNorm(x, P(`${p}ln1_w`), P(`${p}ln1_b`), 1e-5, `${p}ln1`);
    const wqkv = store.packedTensor(g, `${p}W_Q`, [3 * H * dh, d], withGrad, `${p}W_QKV`);
    const qkv = g.reshape(matmul(h1, wqkv, { transB: true, label: `${p}qkv` }), [B, T, 3 * H * dh]);
    const a = causalAttention(qkv, H, dh, T, `${p}attn`);
    const attnOut = matmul(a.z, P(`${p}W_O`), { transB: true, label: `${p}attn_out` }); // [B, T, d]
    x = add(g.reshape(x, [B, T, d]), attnOut, `${p}x_mid`);
    const h2 = layerNorm(x, P(`${p}ln2_w`), P(`${p}ln2_b`), 1e-5, `${p}ln2`);
    const post = matmul(h2, P(`${p}W_in`), { transB: true, bias: P(`${p}b_in`), act: 'relu', label: `${p}mlp_post` });
    const out = matmul(post, P(`${p}W_out`), { transB: true, bias: P(`${p}b_out`), label: `${p}mlp_out` });
    x = add(x, out, `${p}x_post`);
  }
  const hf = layerNorm(x, P('ln_final_w'), P('ln_final_b'), 1e-5, 'ln_final');
  const W_U = P('W_U');
  const logits = g.reshape(matmul(hf, W_U, { label: 'logits' }), [B * T, W_U.shape[1]]);
  const labels = g.tensor([B * T], false, 'labels', 'i32');
  return {
    logits: [logits],
    setInputs(tokens, positions) {
      if (tokens.length !== B * T || !positions || positions.length !== B * T) throw new Error(`setInputs: need [${B}*${T}] tokens and positions`);
      be.write(tok.data, tokens);
      be.write(pos.data, positions);
    },
    labelTensors: [{ tensor: labels, rows: (y) => y }],
  };
}

/** A recurrent model (Elman RNN or LSTM) unrolled over T steps, scoring every step. */
export function buildSeqRecurrent(g: Graph, store: ParamStore, arch: 'rnn' | 'lstm', B: number, T: number, withGrad: boolean): SeqGraph {
  const be = g.backend;
  const steps = Array.from({ length: T }, (_, t) => g.tensor([B], false, `x${t}`, 'i32'));
  const out = (arch === 'lstm' ? buildLstmGraph : buildElmanGraph)(g, store, steps, true, withGrad);
  // One label tensor per step: column t of the row-major [B, T] labels.
  const column = (y: Int32Array, t: number) => Int32Array.from({ length: B }, (_, b) => y[b * T + t]);
  return {
    logits: out.stepLogits,
    setInputs(tokens) {
      if (tokens.length !== B * T) throw new Error(`setInputs: ${tokens.length} tokens for [${B}, ${T}]`);
      steps.forEach((s, t) => be.write(s.data, column(tokens, t)));
    },
    labelTensors: out.stepLogits.map((_, t) => ({ tensor: g.tensor([B], false, `labels${t}`, 'i32'), rows: (y: Int32Array) => column(y, t) })),
  };
}
