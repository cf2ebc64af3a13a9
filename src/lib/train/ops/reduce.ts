/**
 * Reductions to a scalar: sum(x) and mean(x) over all elements; out shape [1].
 * Forward caches nothing; backward broadcasts dout (times 1/n for the mean) to every element.
 */
import type { Tensor } from '../tensor';

function reduce(x: Tensor, alpha: number, name: string, label: string): Tensor {
  const g = x.graph;
  const n = x.size;
  const out = g.tensor([1], x.requiresGrad, label);
  g.push({
    name,
    outputs: [out],
    forward: () => g.backend.sum(out.data, x.data, n, alpha, false),
    backward: () => {
      if (!x.requiresGrad) return;
      const d = g.gradDst(x);
      g.backend.broadcastScalar(d.ref, out.grad!, n, alpha, d.accumulate);
    },
  });
  return out;
}

export const sum = (x: Tensor, label = 'sum'): Tensor => reduce(x, 1, 'sum', label);
export const mean = (x: Tensor, label = 'mean'): Tensor => reduce(x, 1 / x.size, 'mean', label);
