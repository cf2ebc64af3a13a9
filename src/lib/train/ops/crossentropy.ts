/**
 * Cross-entropy over chosen rows of a logits matrix.
 *   logits [R, C] (any leading shape flattened to rows), rows i32 [n] or null (= rows 0..n-1),
 *   targets i32 [n] -> losses [n] (per example; take mean() for the training loss).
 * Forward caches nothing (backward recomputes the softmax of the chosen rows from the logits), unless the
 * backend asks for a buffer to keep it in (Backend.crossEntropySavedLength: all rows, with a gradient).
 * Backward: dlogits[rows[i]] += dloss[i] * (softmax - onehot(target)); unchosen rows get 0.
 */
import type { Tensor } from '../tensor';

export function crossEntropy(logits: Tensor, targets: Tensor, rows: Tensor | null = null, label = 'xent'): Tensor {
  const g = logits.graph;
  const cols = logits.shape[logits.shape.length - 1];
  const R = logits.size / cols;
  const n = targets.size;
  if (targets.dtype !== 'i32' || (rows && rows.dtype !== 'i32')) throw new Error('crossEntropy: targets/rows must be i32');
  if (rows ? rows.size !== n : n !== R) throw new Error(`crossEntropy: ${n} targets for ${rows ? rows.size : R} rows`);
  const losses = g.tensor([n], logits.requiresGrad, label);
  const partial = rows !== null;
  const keep = logits.requiresGrad && !partial ? (g.backend.crossEntropySavedLength?.(n, cols) ?? 0) : 0;
  const saved = keep > 0 ? g.buffer(keep, 'f32', `${label}.saved`) : null;
  g.push({
    name: 'crossEntropy',
    outputs: [losses],
    forward: () => g.backend.crossEntropy(losses.data, logits.data, rows?.data ?? null, targets.data, n, cols, saved),
    backward: () => {
      if (!logits.requiresGrad) return;
      // With chosen rows, the others must read 0: zero first, then add.
      const d = partial ? { ref: g.gradZeroed(logits), accumulate: true } : g.gradDst(logits);
      g.backend.crossEntropyBackward(d.ref, losses.grad!, logits.data, rows?.data ?? null, targets.data, n, cols, d.accumulate, saved);
    },
  });
  return losses;
}
