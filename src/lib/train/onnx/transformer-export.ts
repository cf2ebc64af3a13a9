// Export the one-layer transformer (modular addition) to a standalone ONNX model.
// Interface: input `tokens` int64 [batch, n_ctx]; outputs at the final position:
//   logits [batch, d_out], attn [batch, n_heads, n_ctx], mlp_post [batch, d_mlp], resid_final [batch, d_model].
// Initializers keep the parameter names and shapes of the paper's transformers.py (W_E, W_pos, W_Q, …), so weights can be read back from a
// checkpoint by name (read-weights.ts); the transposes/reshapes of weights are in the graph and ONNX Runtime
// folds them into constants when the session is created.
//
// Graph (B = batch, N = n_ctx, V = d_vocab, D = d_model, H = n_heads, Dh = d_head, HD = H·Dh):
//   Every position's embedding depends only on (position, token), so the residual stream x0 and the K/V/Q
//   projections are tables of shape [N·V, ·] computed from weights alone (ORT folds them into constants at
//   session creation); each input then only gathers rows, which removes ~40% of the per-input work.
//   x0tab = Reshape(Unsqueeze(W_pos, 1) + W_E, [N·V, D]);  Ktab, Vtab, Qtab = x0tab @ W_{K,V,Q}ᵀ   [N·V, HD]
//   row = tokens + [0, V, 2V, …]                               [B, N] int64 (row of (position, token))
//   kᵀ = Transpose(Reshape(Gather(Ktab, row), [B, N, H, Dh]), [0,2,3,1])   [B, H, Dh, N]
//   v  = Transpose(Reshape(Gather(Vtab, row), [B, N, H, Dh]), [0,2,1,3])   [B, H, N, Dh]
//   last = Gather(row, N−1, axis 1);  x = Gather(x0tab, last) [B, D];  q = Reshape(Gather(Qtab, last), [B, H, 1, Dh])
//   a  = Softmax(q @ kᵀ · 1/√Dh, axis −1)                    [B, H, 1, N]  (the last query sees every key: the
//        causal mask is all zeros on this row, so no mask op is needed)
//   attn = Reshape(a, [B, H, N]);  z = Reshape(a @ v, [B, HD])
//   x1 = x + z @ W_Oᵀ;  mlp_post = Relu(x1 @ W_inᵀ + b_in);  resid_final = x1 + mlp_post @ W_outᵀ + b_out
//   logits = resid_final @ W_U
// Ops: Gather, Add, Mul, MatMul, Reshape, Transpose, Unsqueeze, Softmax, Relu (+ Cast for fp16 weights).
import { dimsFromWeights, need, type ModelDims, type Weights } from '../../analysis/types';
import { attr, GraphBuilder, type BuildOptions } from './graph-builder';
import { float32ToFloat16Array } from './float16';

const TRANSFORMER_PARAM_NAMES = ['W_E', 'W_pos', 'W_Q', 'W_K', 'W_V', 'W_O', 'W_in', 'b_in', 'W_out', 'b_out', 'W_U'] as const;

interface TransformerExportOptions extends BuildOptions {
  /** Stored as metadata_props (e.g. { runId, step }); the model dims are always stored. */
  metadata?: Record<string, string>;
  /**
   * 'float32' (default) or 'float16': weights stored as half precision (half the file size) and
   * cast to float32 in the graph, so the interface and the arithmetic stay fp32; only the weights are rounded.
   */
  weightType?: 'float32' | 'float16';
}

function expectedShapes(d: ModelDims): Record<string, number[]> {
  const { d_model: D, n_heads: H, d_head: Dh, d_mlp: M, n_ctx: N, d_vocab: V, d_out: O } = d;
  return {
    W_E: [V, D], W_pos: [N, D], W_Q: [H, Dh, D], W_K: [H, Dh, D], W_V: [H, Dh, D], W_O: [D, H * Dh],
    W_in: [M, D], b_in: [M], W_out: [D, M], b_out: [D], W_U: [D, O],
  };
}

/** Checks every parameter is present with the shape the model's dimensions give; throws naming the first problem. */
function checkTransformerWeights(w: Weights, dims = dimsFromWeights(w)): ModelDims {
  const shapes = expectedShapes(dims);
  for (const name of TRANSFORMER_PARAM_NAMES) {
    const t = need(w, name);
    const want = shapes[name];
    if (t.shape.join(',') !== want.join(',')) throw new Error(`weight ${name}: shape [${t.shape}], expected [${want}]`);
    if (t.data.length !== want.reduce((a, b) => a * b, 1)) throw new Error(`weight ${name}: ${t.data.length} values for shape [${want}]`);
  }
  return dims;
}

function buildTransformerGraph(w: Weights, opts: TransformerExportOptions = {}): GraphBuilder {
  const dims = checkTransformerWeights(w);
  const { d_model: D, n_heads: H, d_head: Dh, d_mlp: M, n_ctx: N, d_vocab: V, d_out: O } = dims;
  const HD = H * Dh;
  const g = new GraphBuilder('modadd_transformer');

  const tokens = g.input('tokens', 'int64', ['batch', N]);
  const fp16 = opts.weightType === 'float16';
  const p = (name: string): string => {
    const t = need(w, name);
    if (!fp16) return g.float(name, t.shape, t.data);
    g.initializer(name, 'float16', t.shape, float32ToFloat16Array(t.data));
    return g.node('Cast', [name], { to: attr.int(1) }, [`${name}_f32`])[0]; // 1 = FLOAT
  };
  const WE = p('W_E'), Wpos = p('W_pos'), WQ = p('W_Q'), WK = p('W_K'), WV = p('W_V'), WO = p('W_O');
  const Win = p('W_in'), bin = p('b_in'), Wout = p('W_out'), bout = p('b_out'), WU = p('W_U');

  // [H, Dh, D] → [D, H·Dh], columns head-major (h·Dh + i), matching concat_h.
  const projT = (W: string) => g.transpose(g.reshape(W, [HD, D]), [1, 0]);

  const x0tab = g.reshape(g.add(g.node('Unsqueeze', [Wpos, g.int64('axis_1', [1])])[0], WE), [N * V, D], 'x0_table'); // [N·V, D]
  const table = (W: string, name: string) => g.matmul(x0tab, projT(W), name); // [N·V, HD]
  const Ktab = table(WK, 'k_table'), Vtab = table(WV, 'v_table'), Qtab = table(WQ, 'q_table');
  const rowOffsets = g.int64('row_offsets', Array.from({ length: N }, (_, j) => j * V));
  const row = g.add(tokens, rowOffsets, 'table_row'); // [B, N]
  const last = g.gather(row, g.int64('last_pos', [N - 1], []), 1, 'last_row'); // [B]
  const x = g.gather(x0tab, last, 0, 'x_last'); // [B, D]
  const q = g.reshape(g.gather(Qtab, last, 0), [0, H, 1, Dh]); // [B, H, 1, Dh]
  const kT = g.transpose(g.reshape(g.gather(Ktab, row, 0), [0, 0, H, Dh]), [0, 2, 3, 1]); // [B, H, Dh, N]
  const v = g.transpose(g.reshape(g.gather(Vtab, row, 0), [0, 0, H, Dh]), [0, 2, 1, 3]); // [B, H, N, Dh]
  const scores = g.mul(g.matmul(q, kT), g.scalarFloat('inv_sqrt_d_head', 1 / Math.sqrt(Dh))); // [B, H, 1, N]
  const a = g.softmax(scores, -1, 'attn_pattern');
  g.reshape(a, [0, H, N], 'attn');
  const z = g.reshape(g.matmul(a, v), [0, HD]); // [B, HD]
  const x1 = g.add(x, g.matmul(z, g.transpose(WO, [1, 0])), 'resid_mid'); // [B, D]

  const pre = g.add(g.matmul(x1, g.transpose(Win, [1, 0])), bin, 'mlp_pre');
  const post = g.relu(pre, 'mlp_post'); // [B, M]
  const mlpOut = g.add(g.matmul(post, g.transpose(Wout, [1, 0])), bout, 'mlp_out');
  const resid = g.add(x1, mlpOut, 'resid_final'); // [B, D]
  g.matmul(resid, WU, 'logits'); // [B, O]

  g.output('logits', 'float32', ['batch', O]);
  g.output('attn', 'float32', ['batch', H, N]);
  g.output('mlp_post', 'float32', ['batch', M]);
  g.output('resid_final', 'float32', ['batch', D]);
  return g;
}

/** Standalone ONNX bytes (ir_version 8, opset 17, fp32 weights). */
export function exportTransformerOnnx(w: Weights, opts: TransformerExportOptions = {}): Uint8Array {
  const dims = dimsFromWeights(w);
  const metadata: Record<string, string> = {
    model: 'modadd-transformer',
    dims: JSON.stringify(dims),
    weightType: opts.weightType ?? 'float32',
    ...opts.metadata,
  };
  return buildTransformerGraph(w, opts).toBytes({ ...opts, metadata });
}

/** The run config's model part (p plus model). d_vocab defaults to p + 1, d_vocab_out to d_vocab. */
interface TransformerExportConfig {
  p: number;
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  n_ctx: number;
  d_vocab?: number;
  d_vocab_out?: number;
}

/** Exports after checking the weights against the run config (a mismatch throws naming the parameter). */
export function exportTransformer(w: Weights, config: TransformerExportConfig, opts: TransformerExportOptions = {}): Uint8Array {
  const d_vocab = config.d_vocab ?? config.p + 1;
  const dims: ModelDims = { ...config, d_vocab, d_out: config.d_vocab_out ?? d_vocab };
  checkTransformerWeights(w, dims);
  return exportTransformerOnnx(w, opts);
}
