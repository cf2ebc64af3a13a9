/**
 * WGSL template: batched transpose, out[b][k, n] = in[b][n, k], in stored with row stride ld.
 * Used to turn the x @ W^T of a linear layer into the fast [K, N] layout of the 'nn' matmul: W is
 * small (K*N) next to the product (M*N*K), and strided B reads inside the matmul cost ~2x (lavapipe).
 * One invocation per output element (256 per workgroup, 2-D grid): contiguous writes, strided reads.
 */
import { FLAT_INDEX, params, storage } from './params';

export const TRANSPOSE_P = params({ N: 'u', K: 'u', batch: 'u', offO: 'u', offI: 'u', ld: 'u', sI: 'u' });
export const TRANSPOSE_WG = 256;

export function transposeWgsl(): string {
  return `${storage([['O', 'f32', 'rw'], ['I', 'f32', 'r']])}${TRANSPOSE_P.wgsl(2)}${FLAT_INDEX}
@compute @workgroup_size(${TRANSPOSE_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg, ${TRANSPOSE_WG}u);
  let per = p.N * p.K;
  if (e >= per * p.batch) { return; }
  let b = e / per;
  let r = e - b * per;
  let k = r / p.N;
  let n = r - k * p.N;
  O[p.offO + e] = I[p.offI + b * p.sI + n * p.ld + k];
}
`;
}
