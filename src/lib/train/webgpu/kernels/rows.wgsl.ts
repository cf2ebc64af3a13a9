/**
 * WGSL templates: embedding rows.
 * gatherRows: out[i, c] = table[idx[i], c]; one invocation per output element (2-D grid of 256s).
 * scatterAddRows: dtable[idx[i], c] += dout[i, c]. Repeated indices must sum without atomics
 *   (WGSL has no float atomics), so one invocation owns one column c and walks i = 0..n-1 in order:
 *   deterministic, race-free, parallel over the columns only (64 per workgroup).
 */
import { FLAT_INDEX, params, storage } from './params';

export const ROWS_P = params({ n: 'u', cols: 'u', offO: 'u', offT: 'u', offIdx: 'u' });
export const GATHER_WG = 256;
export const SCATTER_WG = 64;

export function gatherRowsWgsl(): string {
  return `${storage([['O', 'f32', 'rw'], ['T', 'f32', 'r'], ['I', 'i32', 'r']])}${ROWS_P.wgsl(3)}${FLAT_INDEX}
@compute @workgroup_size(${GATHER_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg, ${GATHER_WG}u);
  if (e >= p.n * p.cols) { return; }
  let i = e / p.cols;
  let c = e - i * p.cols;
  O[p.offO + e] = T[p.offT + u32(I[p.offIdx + i]) * p.cols + c];
}
`;
}

export function scatterAddRowsWgsl(): string {
  // Here O is dtable and T is dout.
  return `${storage([['O', 'f32', 'rw'], ['T', 'f32', 'r'], ['I', 'i32', 'r']])}${ROWS_P.wgsl(3)}
@compute @workgroup_size(${SCATTER_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.cols) { return; }
  for (var i = 0u; i < p.n; i++) {
    let o = p.offO + u32(I[p.offIdx + i]) * p.cols + c;
    O[o] = O[o] + T[p.offT + i * p.cols + c];
  }
}
`;
}
