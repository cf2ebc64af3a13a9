/**
 * Embedding gather: out[i, :] = table[idx[i], :].
 *   table [V, cols] (f32; leading dims flattened into V), idx [n] (i32), out [n, cols].
 * Forward caches nothing (idx is an input). Backward: dtable[idx[i], :] += dout[i, :] (scatter-add;
 * repeated indices sum), so it asks for a zeroed grad unless the table is a parameter.
 * Also used to pick rows of an activation (e.g. the final position of every sequence).
 */
import type { Tensor } from '../tensor';

export function gatherRows(table: Tensor, idx: Tensor, label = 'gather'): Tensor {
  const g = table.graph;
  if (idx.dtype !== 'i32') throw new Error('gatherRows: idx must be i32');
  // Rows of the table are its last dimension (leading dimensions flattened).
  const cols = table.shape[table.shape.length - 1];
  const n = idx.size;
  const out = g.tensor([n, cols], table.requiresGrad, label);
  g.push({
    name: 'gatherRows',
    outputs: [out],
    forward: () => g.backend.gatherRows(out.data, table.data, idx.data, n, cols),
    backward: () => {
      if (!table.requiresGrad) return;
      g.backend.scatterAddRows(g.gradZeroed(table), out.grad!, idx.data, n, cols);
    },
  });
  return out;
}
