// Export the Chomsky chapter's sequence models to standalone ONNX with a dynamic sequence axis, so one file
// scores strings of any length (up to the sinusoid table's rows for the transformer).
//
// Interface:  tokens int64 [batch, seq] (0/1);  transformer only: positions int64 [batch, seq]
//             (0..seq-1 for sinusoidal models, a sorted random subset of 0..M-1 for randomized ones)
//   output    logits float32 [batch, seq, C]: position t classifies the prefix tokens[0..t] (C = W_U's columns:
//             2 for parity and Dyck-1; a Delétang task's output alphabet, read at its output positions).
//   Tokens are 0..V-1, V = W_E's rows (2, or a Delétang task's input alphabet plus the blank).
//
// Transformer (pre-LN, causal; weights named as in the engine, W_Q/W_K/W_V [H, Dh, D]):
//   x = Gather(W_E, tokens) + Gather(pe_table, positions)                       [B, T, D]
//   per layer: h = LN(x); q,k,v = h @ W·ᵀ → [B, H, T, Dh]; s = q kᵀ/√Dh + mask; mask[i, j] = -1e9 for j > i
//              (built from Range(T), so it follows the input's length); x += (softmax(s) v) W_Oᵀ;
//              x += relu(LN(x) W_inᵀ + b_in) W_outᵀ + b_out
//   logits = LN_f(x) @ W_U
// RNN: the ONNX RNN op (Tanh): H_t = tanh(X_t Wᵀ + H_{t-1} Rᵀ + Wb + Rb) with X_t = W_E[tok_t], W = I,
//   R = W_hh, Wb = b_h, Rb = 0, H_{-1} = 0 (so H_0 = tanh(W_E[tok_0] + b_h), as in models/rnn.ts);
//   logits = H @ W_U + b_U.
// LSTM: the ONNX LSTM op (default activations σ, tanh, tanh; no peepholes), whose gate blocks are ordered
//   i, o, f, c where the engine's (PyTorch's) are i, f, g, o: W, R and B are the engine's weights with their
//   gate blocks reordered, X_t = onehot(tok_t) (a Gather from a VxV identity), so X_t Wᵀ = W_E[tok_t];
//   W = W_Eᵀ [4H, V], R = W_hh, B = [b_ih | b_hh], initial h and c = 0 (as in models/lstm.ts);
//   logits = H @ W_U + b_U. The file holds W, R, B in that layout (lstm_W, lstm_R, lstm_B), not W_E, W_hh, b_*.
import type { Weights } from '../../analysis/types';
import type { SequenceModelConfig } from '../run/config';
import { sinusoidalTable } from '../../tasks/positions';
import { attr, GraphBuilder } from './graph-builder';
import { float32ToFloat16Array } from './float16';

function need(w: Weights, name: string, shape: number[]): string {
  const t = w[name];
  if (!t) throw new Error(`missing weight: ${name}`);
  if (t.shape.join(',') !== shape.join(',')) throw new Error(`weight ${name}: shape [${t.shape}], expected [${shape}]`);
  return name;
}

/** How weights are stored: fp32, or fp16 cast to fp32 inside the graph (half the bytes; the Chomsky table's
 * runs ship this way to keep models/ within its budget, and the shipped-run test scores these files). */
export interface SequenceExportOptions {
  weightType?: 'float32' | 'float16';
}

/** A stored tensor: fp32 as it is, or fp16 behind a Cast (the identity and one-hot tables stay exact in fp16). */
function storer(g: GraphBuilder, o: SequenceExportOptions): (name: string, shape: number[], data: Float32Array) => string {
  if (o.weightType !== 'float16') return (name, shape, data) => g.float(name, shape, data);
  return (name, shape, data) => {
    g.initializer(name, 'float16', shape, float32ToFloat16Array(data));
    return g.node('Cast', [name], { to: attr.int(1) }, [`${name}_f32`])[0]; // 1 = FLOAT
  };
}

/** Vocabulary (W_E's rows) and classes (W_U's columns): 2 and 2 for parity and Dyck-1, more for Delétang tasks. */
function vocabAndClasses(w: Weights): { V: number; C: number } {
  if (!w.W_E || !w.W_U) throw new Error('missing weight: W_E or W_U');
  return { V: w.W_E.shape[0], C: w.W_U.shape[w.W_U.shape.length - 1] };
}

function buildSequenceTransformerGraph(w: Weights, m: Extract<SequenceModelConfig, { arch: 'transformer' }>, o: SequenceExportOptions): GraphBuilder {
  const { d_model: D, n_heads: H, d_head: Dh, d_mlp: M, n_layers } = m;
  const HD = H * Dh;
  const { V, C } = vocabAndClasses(w);
  const g = new GraphBuilder('chomsky_transformer');
  const tokens = g.input('tokens', 'int64', ['batch', 'seq']);
  const positions = g.input('positions', 'int64', ['batch', 'seq']);
  const store = storer(g, o);
  const P = (name: string, shape: number[]) => store(need(w, name, shape), shape, w[name].data);
  const pe = store('pe_table', [m.maxPositions, D], sinusoidalTable(m.maxPositions, D));
  let x = g.add(g.gather(P('W_E', [V, D]), tokens), g.gather(pe, positions), 'x0'); // [B, T, D]

  // Causal mask [T, T] from the input's own length.
  const T = g.node('Gather', [g.node('Shape', [tokens])[0], g.int64('seq_axis', [1], [])], { axis: attr.int(0) })[0];
  const r = g.node('Range', [g.int64('zero', [0], []), T, g.int64('one', [1], [])])[0]; // [T]
  const later = g.node('Greater', [g.node('Unsqueeze', [r, g.int64('ax0', [0])])[0], g.node('Unsqueeze', [r, g.int64('ax1', [1])])[0]])[0];
  const mask = g.node('Where', [later, g.scalarFloat('neg_big', -1e9), g.scalarFloat('zero_f', 0)])[0]; // [T, T]
  const scale = g.scalarFloat('inv_sqrt_d_head', 1 / Math.sqrt(Dh));
  const ln = (v: string, wName: string, bName: string) =>
    g.node('LayerNormalization', [v, P(wName, [D]), P(bName, [D])], { axis: attr.int(-1), epsilon: attr.float(1e-5) })[0];
  const projT = (name: string) => g.transpose(g.reshape(P(name, [H, Dh, D]), [HD, D]), [1, 0]); // [D, HD]
  const heads = (v: string, perm: number[]) => g.transpose(g.reshape(v, [0, 0, H, Dh]), perm);

  for (let l = 0; l < n_layers; l++) {
    const p = n_layers === 1 ? '' : `blocks.${l}.`;
    const h = ln(x, `${p}ln1_w`, `${p}ln1_b`);
    const q = heads(g.matmul(h, projT(`${p}W_Q`)), [0, 2, 1, 3]); // [B, H, T, Dh]
    const kT = heads(g.matmul(h, projT(`${p}W_K`)), [0, 2, 3, 1]); // [B, H, Dh, T]
    const v = heads(g.matmul(h, projT(`${p}W_V`)), [0, 2, 1, 3]); // [B, H, T, Dh]
    const a = g.softmax(g.add(g.mul(g.matmul(q, kT), scale), mask), -1, `${p}attn`); // [B, H, T, T]
    const z = g.reshape(g.transpose(g.matmul(a, v), [0, 2, 1, 3]), [0, 0, HD]); // [B, T, HD]
    x = g.add(x, g.matmul(z, g.transpose(P(`${p}W_O`, [D, HD]), [1, 0])));
    const h2 = ln(x, `${p}ln2_w`, `${p}ln2_b`);
    const post = g.relu(g.add(g.matmul(h2, g.transpose(P(`${p}W_in`, [M, D]), [1, 0])), P(`${p}b_in`, [M])));
    x = g.add(x, g.add(g.matmul(post, g.transpose(P(`${p}W_out`, [D, M]), [1, 0])), P(`${p}b_out`, [D])));
  }
  g.matmul(ln(x, 'ln_final_w', 'ln_final_b'), P('W_U', [D, C]), 'logits');
  g.output('logits', 'float32', ['batch', 'seq', C]);
  return g;
}

function buildSequenceRnnGraph(w: Weights, m: Extract<SequenceModelConfig, { arch: 'rnn' }>, o: SequenceExportOptions): GraphBuilder {
  const Hd = m.d_hidden;
  const { V, C } = vocabAndClasses(w);
  const g = new GraphBuilder('chomsky_rnn');
  const tokens = g.input('tokens', 'int64', ['batch', 'seq']);
  const store = storer(g, o);
  const P = (name: string, shape: number[]) => store(need(w, name, shape), shape, w[name].data);
  const X = g.transpose(g.gather(P('W_E', [V, Hd]), tokens), [1, 0, 2]); // [T, B, Hd]
  const eye = new Float32Array(Hd * Hd);
  for (let i = 0; i < Hd; i++) eye[i * Hd + i] = 1;
  const W = store('rnn_W', [1, Hd, Hd], eye);
  const R = g.reshape(P('W_hh', [Hd, Hd]), [1, Hd, Hd]);
  const bias = new Float32Array(2 * Hd);
  bias.set(w.b_h.data, 0);
  need(w, 'b_h', [Hd]);
  const Bv = store('rnn_B', [1, 2 * Hd], bias);
  const [Y] = g.node('RNN', [X, W, R, Bv], { hidden_size: attr.int(Hd) }, 2); // activations default to Tanh // Y [T, 1, B, Hd]
  const Ybt = g.transpose(g.node('Squeeze', [Y, g.int64('dir_axis', [1])])[0], [1, 0, 2]); // [B, T, Hd]
  g.add(g.matmul(Ybt, P('W_U', [Hd, C])), P('b_U', [C]), 'logits');
  g.output('logits', 'float32', ['batch', 'seq', C]);
  return g;
}

/** ONNX's LSTM gate block k (i, o, f, c) is the engine's block ONNX_GATE[k] (engine order i, f, g, o). */
const ONNX_GATE = [0, 3, 1, 2];

/** `rows(r)` for r in 0..4H-1 taken gate block by gate block in ONNX's order, `cols` values each. */
function onnxGateRows(Hd: number, cols: number, row: (r: number, out: Float32Array, at: number) => void): Float32Array {
  const out = new Float32Array(4 * Hd * cols);
  ONNX_GATE.forEach((src, k) => {
    for (let j = 0; j < Hd; j++) row(src * Hd + j, out, (k * Hd + j) * cols);
  });
  return out;
}

function buildSequenceLstmGraph(w: Weights, m: Extract<SequenceModelConfig, { arch: 'lstm' }>, o: SequenceExportOptions): GraphBuilder {
  const Hd = m.d_hidden;
  const { V, C } = vocabAndClasses(w);
  const g = new GraphBuilder('chomsky_lstm');
  const tokens = g.input('tokens', 'int64', ['batch', 'seq']);
  const store = storer(g, o);
  const P = (name: string, shape: number[]) => store(need(w, name, shape), shape, w[name].data);
  const WE = w[need(w, 'W_E', [V, 4 * Hd])].data;
  const Whh = w[need(w, 'W_hh', [4 * Hd, Hd])].data;
  const bih = w[need(w, 'b_ih', [4 * Hd])].data;
  const bhh = w[need(w, 'b_hh', [4 * Hd])].data;
  const eye = new Float32Array(V * V);
  for (let i = 0; i < V; i++) eye[i * V + i] = 1;
  const onehot = store('onehot', [V, V], eye);
  const X = g.transpose(g.gather(onehot, tokens), [1, 0, 2]); // [T, B, V]
  const W = store('lstm_W', [1, 4 * Hd, V], onnxGateRows(Hd, V, (r, out, at) => {
    for (let v = 0; v < V; v++) out[at + v] = WE[v * 4 * Hd + r];
  }));
  const R = store('lstm_R', [1, 4 * Hd, Hd], onnxGateRows(Hd, Hd, (r, out, at) => out.set(Whh.subarray(r * Hd, (r + 1) * Hd), at)));
  const bias = new Float32Array(8 * Hd);
  bias.set(onnxGateRows(Hd, 1, (r, out, at) => (out[at] = bih[r])), 0);
  bias.set(onnxGateRows(Hd, 1, (r, out, at) => (out[at] = bhh[r])), 4 * Hd);
  const Bv = store('lstm_B', [1, 8 * Hd], bias);
  const [Y] = g.node('LSTM', [X, W, R, Bv], { hidden_size: attr.int(Hd) }, 3); // Y [T, 1, B, Hd]
  const Ybt = g.transpose(g.node('Squeeze', [Y, g.int64('dir_axis', [1])])[0], [1, 0, 2]); // [B, T, Hd]
  g.add(g.matmul(Ybt, P('W_U', [Hd, C])), P('b_U', [C]), 'logits');
  g.output('logits', 'float32', ['batch', 'seq', C]);
  return g;
}

/** Standalone ONNX bytes (ir_version 8, opset 17; fp32 arithmetic, weights fp32 or fp16). */
export function exportSequenceModel(w: Weights, m: SequenceModelConfig, metadata: Record<string, string> = {}, o: SequenceExportOptions = {}): Uint8Array {
  const g = m.arch === 'rnn' ? buildSequenceRnnGraph(w, m, o) : m.arch === 'lstm' ? buildSequenceLstmGraph(w, m, o) : buildSequenceTransformerGraph(w, m, o);
  return g.toBytes({ metadata: { model: `chomsky-${m.arch}`, config: JSON.stringify(m), weightType: o.weightType ?? 'float32', ...metadata } });
}
