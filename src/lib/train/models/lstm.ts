/**
 * A one-layer LSTM (PyTorch's nn.LSTM, the recurrent model of Delétang et al. 2023's comparison):
 *   pre_t = W_E[x_t] + b_ih + h_{t-1} W_hh^T + b_hh      [B, 4H], gate blocks i | f | g | o
 *   (h_t, c_t) = lstmCell(pre_t, c_{t-1})                 h_{-1} = c_{-1} = 0
 *   logits = h_{T-1} W_U + b_U  (final step)  [B, n_out];  optionally per step as well.
 * Parameters (row-major): W_E [vocab, 4H] is PyTorch's weight_ih_l0 [4H, vocab] transposed (for one-hot
 * inputs x W_ih^T is a row of it, so it is read as an embedding, as models/rnn.ts reads its W_E);
 * W_hh [4H, H], b_ih [4H], b_hh [4H] as weight_hh_l0, bias_ih_l0, bias_hh_l0; W_U [H, n_out], b_U [n_out].
 * Init as PyTorch: every LSTM parameter and the readout (nn.Linear) uniform in ±1/sqrt(H).
 * Built from ops (gather, add, matmul with fused bias, the fused lstmCell), unrolled into the static graph.
 */
import type { Backend } from '../backend';
import { add, gatherRows, lstmCell, matmul } from '../ops';
import { ParamStore, type ParamSpec } from '../params';
import type { Graph, Tensor } from '../tensor';
import { tokenSteps } from './token-steps';

interface LstmConfig {
  vocab: number;
  d_hidden: number;
  n_out: number;
}

export function lstmSpecs(cfg: LstmConfig): ParamSpec[] {
  const H = cfg.d_hidden;
  const init = { kind: 'uniform' as const, bound: 1 / Math.sqrt(H) };
  return [
    { name: 'W_E', shape: [cfg.vocab, 4 * H], init },
    { name: 'W_hh', shape: [4 * H, H], init },
    { name: 'b_ih', shape: [4 * H], init },
    { name: 'b_hh', shape: [4 * H], init },
    { name: 'W_U', shape: [H, cfg.n_out], init },
    { name: 'b_U', shape: [cfg.n_out], init },
  ];
}

interface LstmOutputs {
  /** Final-step logits [B, n_out]. */
  logits: Tensor;
  /** Per-step logits [B, n_out] for t = 0..T-1 (only when perStep). */
  stepLogits: Tensor[];
  /** Hidden states h_t [B, d_hidden]. */
  hidden: Tensor[];
  /** Cell states c_t [B, d_hidden]. */
  cells: Tensor[];
}

/** Unroll over `steps` (one i32 [B] token tensor per time step). */
export function buildLstmGraph(g: Graph, store: ParamStore, steps: Tensor[], perStep: boolean, withGrad = true): LstmOutputs {
  const P = (n: string) => store.tensor(g, n, withGrad);
  const WE = P('W_E');
  const Whh = P('W_hh');
  const bih = P('b_ih');
  const bhh = P('b_hh');
  const WU = P('W_U');
  const bU = P('b_U');
  const B = steps[0]?.size ?? 0;
  const H = Whh.shape[1];
  // c_{-1} = 0: a zero tensor that is never written and takes no gradient.
  let c = g.tensor([B, H], false, 'c_init');
  let h: Tensor | null = null;
  const hidden: Tensor[] = [];
  const cells: Tensor[] = [];
  const stepLogits: Tensor[] = [];
  steps.forEach((x, t) => {
    const e = add(gatherRows(WE, x, `e${t}`), bih, `xin${t}`);
    // h_{-1} = 0: the first step's recurrent term is b_hh alone.
    const rec = h ? matmul(h, Whh, { transB: true, bias: bhh, label: `rec${t}` }) : bhh;
    const cell = lstmCell(add(e, rec, `pre${t}`), c, `lstm${t}`);
    h = cell.h;
    c = cell.c;
    hidden.push(h);
    cells.push(c);
    if (perStep) stepLogits.push(matmul(h, WU, { bias: bU, label: `logits${t}` }));
  });
  const last = hidden[hidden.length - 1];
  const logits = perStep ? stepLogits[stepLogits.length - 1] : matmul(last, WU, { bias: bU, label: 'logits' });
  return { logits, stepLogits, hidden, cells };
}

/** Convenience for tests and small runs: store (seeded init) + graph from row-major tokens [B, T]. */
export function buildLstm(
  g: Graph, be: Backend, o: LstmConfig & { T: number; B: number; seed: number; perStep: boolean }, tokens: Int32Array,
): LstmOutputs & { store: ParamStore; steps: Tensor[] } {
  const store = new ParamStore(be, lstmSpecs(o));
  store.init(o.seed);
  const steps = tokenSteps(g, be, tokens, o.B, o.T);
  return { ...buildLstmGraph(g, store, steps, o.perStep), store, steps };
}
