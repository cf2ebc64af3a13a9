/**
 * Row softmax: y[r, :] = softmax(x[r, :]); x, y [rows, cols] (cols = last dimension).
 * Forward caches y; backward: dx = y * (dy - sum(dy * y)) per row.
 */
import type { Tensor } from '../tensor';

export function softmax(x: Tensor, label = 'softmax'): Tensor {
  const g = x.graph;
  const cols = x.shape[x.shape.length - 1];
  const rows = x.size / cols;
  const out = g.tensor(x.shape, x.requiresGrad, label);
  g.push({
    name: 'softmax',
    outputs: [out],
    forward: () => g.backend.softmax(out.data, x.data, rows, cols),
    backward: () => {
      if (!x.requiresGrad) return;
      const d = g.gradDst(x);
      g.backend.softmaxBackward(d.ref, out.grad!, out.data, rows, cols, d.accumulate);
    },
  });
  return out;
}
