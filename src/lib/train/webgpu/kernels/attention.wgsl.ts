/**
 * WGSL templates: causal multi-head attention over packed qkv rows (see AttentionArgs in backend.ts).
 *   qkv [B, T, 3, H, dh]  out [B, Tq, H*dh]  att [B, H, Tq, T]; queries are positions T-Tq..T-1.
 * forward: one invocation per (b, h, query): scores into att, softmax in place (masked entries 0),
 *   out = att @ v. 64 per workgroup.
 * backward: one invocation per (b, h), looping over its queries, because the key/value gradients of a
 *   position collect from every later query: one owner per (b, h) slice keeps it race-free.
 *   datt_t = dout . v_t; ds_t = att_t (datt_t - sum_u att_u datt_u);
 *   dq = scale sum_t ds_t k_t; dk_t += scale ds_t q; dv_t += att_t dout.
 */
import { FLAT_INDEX, params, storage } from './params';

export const ATTN_P = params({
  B: 'u', T: 'u', Tq: 'u', H: 'u', dh: 'u',
  offQKV: 'u', offOut: 'u', offAtt: 'u', offDOut: 'u', offDQKV: 'u', accumulate: 'u',
  scale: 'f',
});
export const ATTN_WG = 64;

const COMMON = /* wgsl */ `
// Element (b, t, part, h, d) of packed qkv-shaped storage (part 0 q, 1 k, 2 v), relative.
fn qkvAt(b: u32, t: u32, part: u32, h: u32) -> u32 { return ((b * p.T + t) * 3u + part) * p.H * p.dh + h * p.dh; }
fn attAt(b: u32, h: u32, qi: u32) -> u32 { return p.offAtt + ((b * p.H + h) * p.Tq + qi) * p.T; }
fn outAt(b: u32, qi: u32, h: u32) -> u32 { return (b * p.Tq + qi) * p.H * p.dh + h * p.dh; }
`;

export function attentionWgsl(): string {
  return `${storage([['QKV', 'f32', 'r'], ['O', 'f32', 'rw'], ['ATT', 'f32', 'rw']])}${ATTN_P.wgsl(3)}${FLAT_INDEX}${COMMON}
@compute @workgroup_size(${ATTN_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat(gid, nwg, ${ATTN_WG}u);
  if (id >= p.B * p.H * p.Tq) { return; }
  let qi = id % p.Tq;
  let h = (id / p.Tq) % p.H;
  let b = id / (p.Tq * p.H);
  let tq = p.T - p.Tq + qi;
  let q = p.offQKV + qkvAt(b, tq, 0u, h);
  let a0 = attAt(b, h, qi);
  var m = -3.0e38;
  for (var t = 0u; t <= tq; t++) {
    let k = p.offQKV + qkvAt(b, t, 1u, h);
    var s = 0.0;
    for (var d = 0u; d < p.dh; d++) { s = fma(QKV[q + d], QKV[k + d], s); }
    s = s * p.scale;
    ATT[a0 + t] = s;
    m = max(m, s);
  }
  var sum = 0.0;
  for (var t = 0u; t <= tq; t++) { let e = exp(ATT[a0 + t] - m); ATT[a0 + t] = e; sum = sum + e; }
  let inv = 1.0 / sum;
  for (var t = 0u; t < p.T; t++) { ATT[a0 + t] = select(0.0, ATT[a0 + t] * inv, t <= tq); }
  let o = p.offOut + outAt(b, qi, h);
  for (var d = 0u; d < p.dh; d++) { O[o + d] = 0.0; }
  for (var t = 0u; t <= tq; t++) {
    let a = ATT[a0 + t];
    let v = p.offQKV + qkvAt(b, t, 2u, h);
    for (var d = 0u; d < p.dh; d++) { O[o + d] = fma(a, QKV[v + d], O[o + d]); }
  }
}
`;
}

/** Bindings: QKV, ATT, DO (dout), DQKV. */
export function attentionBackwardWgsl(): string {
  return `${storage([['QKV', 'f32', 'r'], ['ATT', 'f32', 'r'], ['DO', 'f32', 'r'], ['DQKV', 'f32', 'rw']])}${ATTN_P.wgsl(4)}${FLAT_INDEX}${COMMON}
@compute @workgroup_size(${ATTN_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat(gid, nwg, ${ATTN_WG}u);
  if (id >= p.B * p.H) { return; }
  let h = id % p.H;
  let b = id / p.H;
  if (p.accumulate == 0u) {
    for (var t = 0u; t < p.T; t++) {
      for (var part = 0u; part < 3u; part++) {
        let g = p.offDQKV + qkvAt(b, t, part, h);
        for (var d = 0u; d < p.dh; d++) { DQKV[g + d] = 0.0; }
      }
    }
  }
  for (var qi = 0u; qi < p.Tq; qi++) {
    let tq = p.T - p.Tq + qi;
    let a0 = attAt(b, h, qi);
    let dout = p.offDOut + outAt(b, qi, h);
    // sum_u att_u datt_u
    var dotAD = 0.0;
    for (var t = 0u; t <= tq; t++) {
      let v = p.offQKV + qkvAt(b, t, 2u, h);
      var da = 0.0;
      for (var d = 0u; d < p.dh; d++) { da = fma(DO[dout + d], QKV[v + d], da); }
      dotAD = fma(ATT[a0 + t], da, dotAD);
    }
    let q = p.offQKV + qkvAt(b, tq, 0u, h);
    let dq = p.offDQKV + qkvAt(b, tq, 0u, h);
    for (var t = 0u; t <= tq; t++) {
      let k = p.offQKV + qkvAt(b, t, 1u, h);
      let v = p.offQKV + qkvAt(b, t, 2u, h);
      let dk = p.offDQKV + qkvAt(b, t, 1u, h);
      let dv = p.offDQKV + qkvAt(b, t, 2u, h);
      let a = ATT[a0 + t];
      var da = 0.0;
      for (var d = 0u; d < p.dh; d++) { da = fma(DO[dout + d], QKV[v + d], da); }
      let ds = a * (da - dotAD) * p.scale;
      for (var d = 0u; d < p.dh; d++) {
        DQKV[dq + d] = fma(ds, QKV[k + d], DQKV[dq + d]);
        DQKV[dk + d] = fma(ds, QKV[q + d], DQKV[dk + d]);
        DQKV[dv + d] = fma(a, DO[dout + d], DQKV[dv + d]);
      }
    }
  }
}
`;
}
