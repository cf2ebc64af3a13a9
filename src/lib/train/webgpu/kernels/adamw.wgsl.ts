/**
 * WGSL template: one AdamW step over flat buffers, torch.optim.AdamW semantics (amsgrad off),
 * one invocation per parameter (256 per workgroup, 2-D grid for large n):
 *   p *= 1 - lr wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *   p -= stepSize m / (sqrt(v) / sqrtBc2 + eps),  stepSize = lr / (1 - b1^t), sqrtBc2 = sqrt(1 - b2^t)
 * (the bias corrections are computed once per step in double precision on the host).
 */
import { FLAT_INDEX, params, storage } from './params';

export const ADAMW_P = params({
  n: 'u', offP: 'u', offG: 'u', offM: 'u', offV: 'u',
  decay: 'f', b1: 'f', b2: 'f', eps: 'f', stepSize: 'f', sqrtBc2: 'f',
});
export const ADAMW_WG = 256;

export function adamwWgsl(): string {
  return `${storage([['PR', 'f32', 'rw'], ['G', 'f32', 'r'], ['M', 'f32', 'rw'], ['V', 'f32', 'rw']])}${ADAMW_P.wgsl(4)}${FLAT_INDEX}
@compute @workgroup_size(${ADAMW_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg, ${ADAMW_WG}u);
  if (i >= p.n) { return; }
  let g = G[p.offG + i];
  let m = p.b1 * M[p.offM + i] + (1.0 - p.b1) * g;
  let v = p.b2 * V[p.offV + i] + (1.0 - p.b2) * g * g;
  M[p.offM + i] = m;
  V[p.offV + i] = v;
  PR[p.offP + i] = PR[p.offP + i] * p.decay - p.stepSize * m / (sqrt(v) / p.sqrtBc2 + p.eps);
}
`;
}
