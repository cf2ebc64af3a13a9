/**
 * Element-wise activations: unary('relu' | 'tanh' | 'sigmoid', x). out = f(x), any shape.
 * Forward caches its output y; backward uses it: relu' = (y > 0), tanh' = 1 - y^2, sigmoid' = y (1 - y).
 */
import type { Unary } from '../backend';
import type { Tensor } from '../tensor';

export function unary(kind: Unary, x: Tensor, label: string = kind): Tensor {
  const g = x.graph;
  const n = x.size;
  const out = g.tensor(x.shape, x.requiresGrad, label);
  g.push({
    name: kind,
    outputs: [out],
    forward: () => g.backend.unary(kind, out.data, x.data, n),
    backward: () => {
      if (!x.requiresGrad) return;
      const d = g.gradDst(x);
      g.backend.unaryBackward(kind, d.ref, out.grad!, out.data, n, d.accumulate);
    },
  });
  return out;
}

export const tanh = (x: Tensor, label?: string): Tensor => unary('tanh', x, label);

/**
 * Element-wise product out = a * b (same shape). Caches nothing (reads a and b).
 * Backward: da += dout * b, db += dout * a. (Gates of recurrent nets.)
 */
export function mul(a: Tensor, b: Tensor, label = 'mul'): Tensor {
  const g = a.graph;
  const n = a.size;
  if (b.size !== n) throw new Error('mul: shapes differ');
  const out = g.tensor(a.shape, a.requiresGrad || b.requiresGrad, label);
  g.push({
    name: 'mul',
    outputs: [out],
    forward: () => g.backend.mul(out.data, a.data, b.data, n, false),
    backward: () => {
      if (a.requiresGrad) {
        const d = g.gradDst(a);
        g.backend.mul(d.ref, out.grad!, b.data, n, d.accumulate);
      }
      if (b.requiresGrad) {
        const d = g.gradDst(b);
        g.backend.mul(d.ref, out.grad!, a.data, n, d.accumulate);
      }
    },
  });
  return out;
}
