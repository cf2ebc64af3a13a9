/**
 * A small Elman recurrent net (the recurrent baseline of the Chomsky chapter: an RNN solves parity).
 *   h_0 = tanh(W_E[x_0] + b_h)
 *   h_t = tanh(W_E[x_t] + W_hh h_{t-1} + b_h)           h [B, d_hidden]
 *   logits = W_U^T h_{T-1} + b_U  (final step)  [B, n_out];  optionally per step as well.
 * Parameters (row-major): W_E [vocab, d_hidden] (the input matrix, as an embedding), W_hh [d_hidden, d_hidden]
 * (h_t = ... + h_{t-1} @ W_hh^T), b_h [d_hidden], W_U [d_hidden, n_out], b_U [n_out].
 * Init: W_E, W_hh, W_U ~ randn / sqrt(d_hidden), biases 0.
 * Built only from primitive ops (gather, matmul with fused bias + tanh, add), so its gradients come from
 * theirs; the sequence is unrolled into the static graph.
 */
import type { Backend } from '../backend';
import { add, gatherRows, matmul, tanh } from '../ops';
import { ParamStore, type ParamSpec } from '../params';
import type { Graph, Tensor } from '../tensor';
import { tokenSteps } from './token-steps';

interface ElmanConfig {
  vocab: number;
  d_hidden: number;
  n_out: number;
}

export function elmanSpecs(cfg: ElmanConfig): ParamSpec[] {
  const std = 1 / Math.sqrt(cfg.d_hidden);
  const zeros = { kind: 'const' as const, value: 0 };
  return [
    { name: 'W_E', shape: [cfg.vocab, cfg.d_hidden], init: { kind: 'normal', std } },
    { name: 'W_hh', shape: [cfg.d_hidden, cfg.d_hidden], init: { kind: 'normal', std } },
    { name: 'b_h', shape: [cfg.d_hidden], init: zeros },
    { name: 'W_U', shape: [cfg.d_hidden, cfg.n_out], init: { kind: 'normal', std } },
    { name: 'b_U', shape: [cfg.n_out], init: zeros },
  ];
}

interface ElmanOutputs {
  /** Final-step logits [B, n_out]. */
  logits: Tensor;
  /** Per-step logits [B, n_out] for t = 0..T-1 (only when perStep). */
  stepLogits: Tensor[];
  /** Hidden states h_t [B, d_hidden]. */
  hidden: Tensor[];
}

/** Unroll over `steps` (one i32 [B] token tensor per time step). */
export function buildElmanGraph(g: Graph, store: ParamStore, steps: Tensor[], perStep: boolean, withGrad = true): ElmanOutputs {
  const P = (n: string) => store.tensor(g, n, withGrad);
  const WE = P('W_E');
  const Whh = P('W_hh');
  const bh = P('b_h');
  const WU = P('W_U');
  const bU = P('b_U');
  const hidden: Tensor[] = [];
  const stepLogits: Tensor[] = [];
  let h: Tensor | null = null;
  steps.forEach((x, t) => {
    // pre = W_E[x_t] + h_{t-1} W_hh^T + b_h (bias fused into the recurrent matmul after step 0)
    const e = gatherRows(WE, x, `e${t}`);
    const pre = h ? add(e, matmul(h, Whh, { transB: true, bias: bh, label: `rec${t}` }), `pre${t}`) : add(e, bh, `pre${t}`);
    h = tanh(pre, `h${t}`);
    hidden.push(h);
    if (perStep) stepLogits.push(matmul(h, WU, { bias: bU, label: `logits${t}` }));
  });
  const last = hidden[hidden.length - 1];
  const logits = perStep ? stepLogits[stepLogits.length - 1] : matmul(last, WU, { bias: bU, label: 'logits' });
  return { logits, stepLogits, hidden };
}

/** Convenience for tests and small runs: store (seeded init) + graph from row-major tokens [B, T]. */
export function buildElman(
  g: Graph, be: Backend, o: ElmanConfig & { T: number; B: number; seed: number; perStep: boolean }, tokens: Int32Array,
): ElmanOutputs & { store: ParamStore; steps: Tensor[] } {
  const store = new ParamStore(be, elmanSpecs(o));
  store.init(o.seed);
  const steps = tokenSteps(g, be, tokens, o.B, o.T);
  return { ...buildElmanGraph(g, store, steps, o.perStep), store, steps };
}
