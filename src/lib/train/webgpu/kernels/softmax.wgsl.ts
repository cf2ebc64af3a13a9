/**
 * WGSL templates: row softmax and its backward, one invocation per row (rows are short here:
 * attention rows of n_ctx, vocab rows of ~100), 64 rows per workgroup.
 *   softmax:  y[r, :] = exp(x - max) / sum
 *   backward: dx[r, c] (+)= y[r, c] * (dy[r, c] - sum_k dy[r, k] y[r, k])
 */
import { FLAT_INDEX, params, storage } from './params';

export const SOFTMAX_P = params({ rows: 'u', cols: 'u', offY: 'u', offX: 'u', offDY: 'u', accumulate: 'u' });
export const SOFTMAX_WG = 64;

export function softmaxWgsl(): string {
  return `${storage([['Y', 'f32', 'rw'], ['X', 'f32', 'r'], ['DY', 'f32', 'r']])}${SOFTMAX_P.wgsl(3)}${FLAT_INDEX}
@compute @workgroup_size(${SOFTMAX_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat(gid, nwg, ${SOFTMAX_WG}u);
  if (r >= p.rows) { return; }
  let x0 = p.offX + r * p.cols;
  let y0 = p.offY + r * p.cols;
  var m = X[x0];
  for (var c = 1u; c < p.cols; c++) { m = max(m, X[x0 + c]); }
  var s = 0.0;
  for (var c = 0u; c < p.cols; c++) { let e = exp(X[x0 + c] - m); Y[y0 + c] = e; s = s + e; }
  let inv = 1.0 / s;
  for (var c = 0u; c < p.cols; c++) { Y[y0 + c] = Y[y0 + c] * inv; }
}
`;
}

/** Bindings: Y = dx (output), X = y (forward output), DY = dy. */
export function softmaxBackwardWgsl(): string {
  return `${storage([['Y', 'f32', 'rw'], ['X', 'f32', 'r'], ['DY', 'f32', 'r']])}${SOFTMAX_P.wgsl(3)}${FLAT_INDEX}
@compute @workgroup_size(${SOFTMAX_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat(gid, nwg, ${SOFTMAX_WG}u);
  if (r >= p.rows) { return; }
  let y0 = p.offX + r * p.cols;
  let d0 = p.offDY + r * p.cols;
  let o0 = p.offY + r * p.cols;
  var dot = 0.0;
  for (var c = 0u; c < p.cols; c++) { dot = dot + DY[d0 + c] * X[y0 + c]; }
  for (var c = 0u; c < p.cols; c++) {
    let v = X[y0 + c] * (DY[d0 + c] - dot);
    if (p.accumulate != 0u) { Y[o0 + c] = Y[o0 + c] + v; } else { Y[o0 + c] = v; }
  }
}
`;
}
