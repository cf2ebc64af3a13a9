/**
 * Broadcast add: out = a + b, where b either has a's shape or repeats along a's leading rows
 * (b.size divides a.size: a viewed as [rows, b.size], b as [b.size]; e.g. token embeddings
 * [B, T, d] + positional [T, d]). Forward caches nothing.
 * Backward: da = dout; db = dout (same shape) or sum over the broadcast rows: the one place in the
 * engine where broadcast gradients are summed (matmul's bias epilogue uses the same reduction).
 */
import type { Tensor } from '../tensor';

export function add(a: Tensor, b: Tensor, label = 'add'): Tensor {
  const g = a.graph;
  const n = a.size;
  const cols = b.size;
  if (n % cols !== 0) throw new Error(`add: cannot broadcast [${b.shape}] onto [${a.shape}]`);
  const rows = n / cols;
  const out = g.tensor(a.shape, a.requiresGrad || b.requiresGrad, label);
  g.push({
    name: 'add',
    outputs: [out],
    forward: () => {
      if (rows === 1) g.backend.add(out.data, a.data, b.data, n, false);
      else g.backend.addBias(out.data, a.data, b.data, rows, cols);
    },
    backward: () => {
      const dout = out.grad!;
      if (a.requiresGrad) {
        const d = g.gradDst(a);
        g.backend.scale(d.ref, dout, n, 1, d.accumulate);
      }
      if (b.requiresGrad) {
        const d = g.gradDst(b);
        if (rows === 1) g.backend.scale(d.ref, dout, n, 1, d.accumulate);
        else g.backend.sumRows(d.ref, dout, rows, cols, d.accumulate);
      }
    },
  });
  return out;
}

