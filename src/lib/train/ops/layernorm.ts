/**
 * Layer norm over the last dimension (PyTorch nn.LayerNorm: biased variance, eps inside the sqrt).
 *   x [..., C], gamma [C], beta [C] -> y [..., C]
 * Forward caches mean [rows] and rstd [rows]; backward (llm.c's layernorm_backward):
 *   dx = rstd * (dy*gamma - mean(dy*gamma) - xhat * mean(dy*gamma*xhat)), dgamma += sum dy*xhat, dbeta += sum dy.
 */
import type { Tensor } from '../tensor';

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5, label = 'ln'): Tensor {
  const g = x.graph;
  const cols = x.shape[x.shape.length - 1];
  const rows = x.size / cols;
  if (gamma.size !== cols || beta.size !== cols) throw new Error('layerNorm: gamma/beta size');
  const y = g.tensor(x.shape, x.requiresGrad || gamma.requiresGrad || beta.requiresGrad, label);
  const mean = g.buffer(rows, 'f32', `${label}.mean`);
  const rstd = g.buffer(rows, 'f32', `${label}.rstd`);
  // gamma/beta grads must accumulate: the kernel always adds into them.
  const scratchG = gamma.requiresGrad ? null : g.buffer(cols, 'f32', `${label}.dgamma`);
  const scratchB = beta.requiresGrad ? null : g.buffer(cols, 'f32', `${label}.dbeta`);
  const scratchX = x.requiresGrad ? null : g.buffer(rows * cols, 'f32', `${label}.dx`);
  g.push({
    name: 'layerNorm',
    outputs: [y],
    forward: () => g.backend.layerNorm(y.data, mean, rstd, x.data, gamma.data, beta.data, rows, cols, eps),
    backward: () => {
      const dg = scratchG ?? g.gradZeroed(gamma);
      const db = scratchB ?? g.gradZeroed(beta);
      const dx = scratchX ? { ref: scratchX, accumulate: false } : g.gradDst(x);
      g.backend.layerNormBackward(dx.ref, dg, db, y.grad!, x.data, mean, rstd, gamma.data, rows, cols, dx.accumulate);
    },
  });
  return y;
}
