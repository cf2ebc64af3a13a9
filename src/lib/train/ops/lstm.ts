/**
 * The LSTM cell's gates, fused (PyTorch's nn.LSTM, gate order i, f, g, o):
 *   pre [B, 4H] (x W_ih^T + b_ih + h W_hh^T + b_hh, from matmul/add), cPrev [B, H] ->
 *   i, f, g, o = σ, σ, tanh, σ of the four H-column blocks of pre;  c = f cPrev + i g;  h = o tanh(c).
 * One kernel instead of a column split plus eight element-wise ops per time step.
 * Forward caches the activated gates [B, 4H]; backward (Backend.lstmCellBackward) recomputes tanh(c)
 * from c and writes dpre and dcPrev. Either output may not reach the loss (the last step's c never
 * does): its gradient then counts as 0, whatever its buffer holds from an earlier pass.
 */
import type { Tensor } from '../tensor';

interface LstmCellOut {
  h: Tensor;
  c: Tensor;
}

export function lstmCell(pre: Tensor, cPrev: Tensor, label = 'lstm'): LstmCellOut {
  const g = pre.graph;
  if (cPrev.shape.length !== 2) throw new Error(`lstmCell: cPrev must be [B, H], got [${cPrev.shape}]`);
  const [B, H] = cPrev.shape;
  if (pre.shape.length !== 2 || pre.shape[0] !== B || pre.shape[1] !== 4 * H) {
    throw new Error(`lstmCell: pre must be [${B}, ${4 * H}], got [${pre.shape}]`);
  }
  const needGrad = pre.requiresGrad || cPrev.requiresGrad;
  const c = g.tensor([B, H], needGrad, `${label}.c`);
  const h = g.tensor([B, H], needGrad, `${label}.h`);
  const gates = g.buffer(B * 4 * H, 'f32', `${label}.gates`);
  // The kernel always writes both gradients: scratch for an input that takes none (a zero initial state).
  const scratchPre = pre.requiresGrad ? null : g.buffer(B * 4 * H, 'f32', `${label}.dpre`);
  const scratchC = cPrev.requiresGrad ? null : g.buffer(B * H, 'f32', `${label}.dcPrev`);
  g.push({
    name: 'lstmCell',
    outputs: [h, c],
    forward: () => g.backend.lstmCell({ pre: pre.data, cPrev: cPrev.data, gates, c: c.data, h: h.data, B, H }),
    backward: () => {
      const dpre = scratchPre ? { ref: scratchPre, accumulate: false } : g.gradDst(pre);
      const dcPrev = scratchC ? { ref: scratchC, accumulate: false } : g.gradDst(cPrev);
      g.backend.lstmCellBackward({
        gates, cPrev: cPrev.data, c: c.data, dh: h.gradWritten ? h.grad : null, dc: c.gradWritten ? c.grad : null,
        dpre: dpre.ref, dcPrev: dcPrev.ref, B, H, accumulatePre: dpre.accumulate, accumulateCPrev: dcPrev.accumulate,
      });
    },
  });
  return { h, c };
}
