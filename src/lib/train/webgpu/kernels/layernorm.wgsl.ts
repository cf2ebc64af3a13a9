/**
 * WGSL templates: layer norm over rows of x [rows, cols] (biased variance, as PyTorch).
 * forward: one invocation per row: mean, rstd = 1/sqrt(var + eps), y = (x - mean) rstd gamma + beta.
 * backwardDx: one invocation per row: xhat = (x - mean) rstd, g = dy gamma,
 *   dx (+)= rstd (g - mean(g) - xhat mean(g xhat)).
 * backwardParams: one invocation per column walks the rows: dgamma += sum dy xhat, dbeta += sum dy.
 */
import { FLAT_INDEX, params, storage } from './params';

export const LN_P = params({
  rows: 'u', cols: 'u', offY: 'u', offMean: 'u', offRstd: 'u', offX: 'u', offG: 'u', offB: 'u',
  accumulate: 'u', eps: 'f',
});
export const LN_WG = 64;

export function layerNormWgsl(): string {
  return `${storage([['Y', 'f32', 'rw'], ['MEAN', 'f32', 'rw'], ['RSTD', 'f32', 'rw'], ['X', 'f32', 'r'], ['G', 'f32', 'r'], ['BE', 'f32', 'r']])}${LN_P.wgsl(6)}${FLAT_INDEX}
@compute @workgroup_size(${LN_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat(gid, nwg, ${LN_WG}u);
  if (r >= p.rows) { return; }
  let x0 = p.offX + r * p.cols;
  var s = 0.0;
  for (var c = 0u; c < p.cols; c++) { s = s + X[x0 + c]; }
  let mean = s / f32(p.cols);
  var v = 0.0;
  for (var c = 0u; c < p.cols; c++) { let d = X[x0 + c] - mean; v = fma(d, d, v); }
  let rstd = 1.0 / sqrt(v / f32(p.cols) + p.eps);
  MEAN[p.offMean + r] = mean;
  RSTD[p.offRstd + r] = rstd;
  let y0 = p.offY + r * p.cols;
  for (var c = 0u; c < p.cols; c++) { Y[y0 + c] = (X[x0 + c] - mean) * rstd * G[p.offG + c] + BE[p.offB + c]; }
}
`;
}

/** Bindings: Y = dx, MEAN, RSTD, X, G = gamma, BE = dy. */
export function layerNormBackwardDxWgsl(): string {
  return `${storage([['Y', 'f32', 'rw'], ['MEAN', 'f32', 'r'], ['RSTD', 'f32', 'r'], ['X', 'f32', 'r'], ['G', 'f32', 'r'], ['BE', 'f32', 'r']])}${LN_P.wgsl(6)}${FLAT_INDEX}
@compute @workgroup_size(${LN_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flat(gid, nwg, ${LN_WG}u);
  if (r >= p.rows) { return; }
  let x0 = p.offX + r * p.cols;
  let d0 = p.offB + r * p.cols;
  let mean = MEAN[p.offMean + r];
  let rstd = RSTD[p.offRstd + r];
  var mg = 0.0;
  var mgx = 0.0;
  for (var c = 0u; c < p.cols; c++) {
    let g = BE[d0 + c] * G[p.offG + c];
    mg = mg + g;
    mgx = fma(g, (X[x0 + c] - mean) * rstd, mgx);
  }
  mg = mg / f32(p.cols);
  mgx = mgx / f32(p.cols);
  let o0 = p.offY + r * p.cols;
  for (var c = 0u; c < p.cols; c++) {
    let g = BE[d0 + c] * G[p.offG + c];
    let v = rstd * (g - mg - (X[x0 + c] - mean) * rstd * mgx);
    if (p.accumulate != 0u) { Y[o0 + c] = Y[o0 + c] + v; } else { Y[o0 + c] = v; }
  }
}
`;
}

/** Bindings: Y = dgamma, MEAN, RSTD, X, G = dbeta, BE = dy. Always accumulates. */
export function layerNormBackwardParamsWgsl(): string {
  return `${storage([['Y', 'f32', 'rw'], ['MEAN', 'f32', 'r'], ['RSTD', 'f32', 'r'], ['X', 'f32', 'r'], ['G', 'f32', 'rw'], ['BE', 'f32', 'r']])}${LN_P.wgsl(6)}
@compute @workgroup_size(${LN_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.cols) { return; }
  var dg = 0.0;
  var db = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let dy = BE[p.offB + r * p.cols + c];
    let xhat = (X[p.offX + r * p.cols + c] - MEAN[p.offMean + r]) * RSTD[p.offRstd + r];
    dg = fma(dy, xhat, dg);
    db = db + dy;
  }
  Y[p.offY + c] = Y[p.offY + c] + dg;
  G[p.offG + c] = G[p.offG + c] + db;
}
`;
}
