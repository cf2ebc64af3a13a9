/**
 * Embedding gather: out[i, :] = table[idx[i], :].
 *   table [V, cols] (f32), idx [n] (i32), out [n, cols].
 * Forward caches nothing (idx is an input). Backward: dtable[idx[i], :] += dout[i, :] (scatter-add;
 * repeated indices sum), so it asks for a zeroed grad unless the table is a parameter.
 * Also used to pick rows of an activation (e.g. the final position of every sequence).
 */
import type { Tensor } from '../tensor';

export function gatherRows(table: Tensor, idx: Tensor, label = 'gather'): Tensor {
  const g = table.graph;
  if (table.shape.length !== 2) throw new Error(`gatherRows: table must be 2-D, got [${table.shape}]`);
  if (idx.dtype !== 'i32') throw new Error('gatherRows: idx must be i32');
  const cols = table.shape[1];
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
