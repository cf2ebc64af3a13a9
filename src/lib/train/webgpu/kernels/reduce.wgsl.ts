/**
 * WGSL templates: reductions.
 * sumRows: out[c] (+)= sum_r x[r, c], x [rows, cols]. One invocation per column walks the rows
 *   (adjacent invocations read adjacent columns); 64 columns per workgroup.
 * sumAll: out[0] (+)= alpha * sum_i g(x[i]), g = identity or square. One workgroup of 256: each
 *   invocation sums a strided slice, then a tree in workgroup memory (one barrier per level, once).
 */
import { params, storage } from './params';

export const SUMROWS_P = params({ rows: 'u', cols: 'u', offO: 'u', offX: 'u', accumulate: 'u' });
export const SUMROWS_WG = 64;

export function sumRowsWgsl(): string {
  return `${storage([['O', 'f32', 'rw'], ['X', 'f32', 'r']])}${SUMROWS_P.wgsl(2)}
@compute @workgroup_size(${SUMROWS_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.cols) { return; }
  var s = 0.0;
  for (var r = 0u; r < p.rows; r++) { s = s + X[p.offX + r * p.cols + c]; }
  if (p.accumulate != 0u) { O[p.offO + c] = O[p.offO + c] + s; } else { O[p.offO + c] = s; }
}
`;
}

export const SUMALL_P = params({ n: 'u', offO: 'u', offX: 'u', accumulate: 'u', square: 'u', alpha: 'f' });
const SUMALL_WG = 256;

export function sumAllWgsl(): string {
  return `${storage([['O', 'f32', 'rw'], ['X', 'f32', 'r']])}${SUMALL_P.wgsl(2)}
var<workgroup> part: array<f32, ${SUMALL_WG}>;
@compute @workgroup_size(${SUMALL_WG})
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  var s = 0.0;
  for (var i = lid.x; i < p.n; i += ${SUMALL_WG}u) {
    let x = X[p.offX + i];
    s = s + select(x, x * x, p.square != 0u);
  }
  part[lid.x] = s;
  workgroupBarrier();
  for (var w = ${SUMALL_WG / 2}u; w > 0u; w = w / 2u) {
    if (lid.x < w) { part[lid.x] = part[lid.x] + part[lid.x + w]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let v = p.alpha * part[0];
    if (p.accumulate != 0u) { O[p.offO] = O[p.offO] + v; } else { O[p.offO] = v; }
  }
}
`;
}
