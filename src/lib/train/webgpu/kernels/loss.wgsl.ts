/**
 * WGSL templates: cross-entropy over chosen rows of logits [*, cols], one invocation per example i
 * (64 per workgroup); row = rows[i] (or i when hasRows = 0).
 * forward: loss[i] = logsumexp(logits[row, :]) - logits[row, target[i]].
 * backward: dlogits[row, c] (+)= dloss[i] (softmax(logits[row, :])[c] - [c == target[i]]).
 *   Without rows (row = i) one invocation per example. With rows, two rows may coincide, so
 *   (race-free, in the CPU twin's order) the forward kernel first writes logsumexp per example into a
 *   scratch buffer (lseOnly), then one invocation per column walks the examples in order.
 */
import { FLAT_INDEX, params, storage } from './params';

export const CE_P = params({
  n: 'u', cols: 'u', offLoss: 'u', offLogits: 'u', offRows: 'u', offTargets: 'u', offDLoss: 'u',
  hasRows: 'u', accumulate: 'u', lseOnly: 'u', offLse: 'u',
});
export const CE_WG = 64;

const LSE = /* wgsl */ `
fn rowOf(i: u32) -> u32 { return select(i, u32(ROWS[p.offRows + i]), p.hasRows != 0u); }
fn logsumexp(l0: u32) -> f32 {
  var m = L[l0];
  for (var c = 1u; c < p.cols; c++) { m = max(m, L[l0 + c]); }
  var s = 0.0;
  for (var c = 0u; c < p.cols; c++) { s = s + exp(L[l0 + c] - m); }
  return m + log(s);
}
`;

export function crossEntropyWgsl(): string {
  return `${storage([['LOSS', 'f32', 'rw'], ['L', 'f32', 'r'], ['ROWS', 'i32', 'r'], ['TGT', 'i32', 'r']])}${CE_P.wgsl(4)}${FLAT_INDEX}${LSE}
@compute @workgroup_size(${CE_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg, ${CE_WG}u);
  if (i >= p.n) { return; }
  let l0 = p.offLogits + rowOf(i) * p.cols;
  let lse = logsumexp(l0);
  LOSS[p.offLoss + i] = select(lse - L[l0 + u32(TGT[p.offTargets + i])], lse, p.lseOnly != 0u);
}
`;
}

/** Bindings: LOSS = dlogits, L = logits, ROWS, TGT, DL = dloss. */
export function crossEntropyBackwardWgsl(): string {
  return `${storage([['LOSS', 'f32', 'rw'], ['L', 'f32', 'r'], ['ROWS', 'i32', 'r'], ['TGT', 'i32', 'r'], ['DL', 'f32', 'r']])}${CE_P.wgsl(5)}${FLAT_INDEX}${LSE}
@compute @workgroup_size(${CE_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg, ${CE_WG}u);
  if (i >= p.n) { return; }
  let row = rowOf(i);
  let l0 = p.offLogits + row * p.cols;
  let lse = logsumexp(l0);
  let g = DL[p.offDLoss + i];
  let t = u32(TGT[p.offTargets + i]);
  let o0 = p.offLoss + row * p.cols;
  for (var c = 0u; c < p.cols; c++) {
    let v = g * (exp(L[l0 + c] - lse) - select(0.0, 1.0, c == t));
    if (p.accumulate != 0u) { LOSS[o0 + c] = LOSS[o0 + c] + v; } else { LOSS[o0 + c] = v; }
  }
}
`;
}

/** Bindings: LOSS = dlogits, L = logits, ROWS, TGT, DL = dloss, LSE (from crossEntropy with lseOnly). */
export function crossEntropyBackwardRowsWgsl(): string {
  return `${storage([['LOSS', 'f32', 'rw'], ['L', 'f32', 'r'], ['ROWS', 'i32', 'r'], ['TGT', 'i32', 'r'], ['DL', 'f32', 'r'], ['LSE', 'f32', 'r']])}${CE_P.wgsl(6)}
@compute @workgroup_size(${CE_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.cols) { return; }
  for (var i = 0u; i < p.n; i++) {
    let row = u32(ROWS[p.offRows + i]);
    let x = L[p.offLogits + row * p.cols + c];
    let v = DL[p.offDLoss + i] * (exp(x - LSE[p.offLse + i]) - select(0.0, 1.0, c == u32(TGT[p.offTargets + i])));
    let o = p.offLoss + row * p.cols + c;
    if (p.accumulate != 0u) { LOSS[o] = LOSS[o] + v; } else { LOSS[o] = v; }
  }
}
`;
}
