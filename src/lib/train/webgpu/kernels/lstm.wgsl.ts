/**
 * WGSL templates: the LSTM cell (Backend.lstmCell) and its backward, one invocation per element (b, j)
 * of the [B, H] state, 64 per workgroup. Gate blocks in a [B, 4H] row: i | f | g | o (PyTorch's order).
 *   forward:  gates = [σ(i), σ(f), tanh(g), σ(o)];  c = f c_prev + i g;  h = o tanh(c)
 *   backward: dc_tot = dc + dh o (1 - tanh(c)^2);  dpre = [dc_tot g i(1-i) | dc_tot c_prev f(1-f) |
 *             dc_tot i (1-g^2) | dh tanh(c) o(1-o)];  dc_prev = dc_tot f   (tanh(c) recomputed from c)
 * dh or dc absent (hasDH / hasDC = 0): read as 0, their binding is a placeholder.
 */
import { FLAT_INDEX, params, storage } from './params';

export const LSTM_P = params({ B: 'u', H: 'u', offPre: 'u', offCP: 'u', offG: 'u', offC: 'u', offH: 'u' });
export const LSTM_BWD_P = params({
  B: 'u', H: 'u', offG: 'u', offCP: 'u', offC: 'u', offDH: 'u', offDC: 'u', offDPre: 'u', offDCP: 'u',
  hasDH: 'u', hasDC: 'u', accPre: 'u', accCP: 'u',
});
export const LSTM_WG = 64;

const SIGMOID = /* wgsl */ `fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }\n`;

export function lstmCellWgsl(): string {
  return `${storage([['PRE', 'f32', 'r'], ['CP', 'f32', 'r'], ['G', 'f32', 'rw'], ['C', 'f32', 'rw'], ['Hh', 'f32', 'rw']])}${LSTM_P.wgsl(5)}${FLAT_INDEX}${SIGMOID}
@compute @workgroup_size(${LSTM_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg, ${LSTM_WG}u);
  if (e >= p.B * p.H) { return; }
  let b = e / p.H;
  let j = e % p.H;
  let r = b * 4u * p.H + j;
  let i = sigmoid(PRE[p.offPre + r]);
  let f = sigmoid(PRE[p.offPre + r + p.H]);
  let g = tanh(PRE[p.offPre + r + 2u * p.H]);
  let o = sigmoid(PRE[p.offPre + r + 3u * p.H]);
  G[p.offG + r] = i;
  G[p.offG + r + p.H] = f;
  G[p.offG + r + 2u * p.H] = g;
  G[p.offG + r + 3u * p.H] = o;
  let c = f * CP[p.offCP + e] + i * g;
  C[p.offC + e] = c;
  Hh[p.offH + e] = o * tanh(c);
}
`;
}

export function lstmCellBackwardWgsl(): string {
  return `${storage([
    ['DPRE', 'f32', 'rw'], ['DCP', 'f32', 'rw'], ['G', 'f32', 'r'], ['CP', 'f32', 'r'], ['C', 'f32', 'r'], ['DH', 'f32', 'r'], ['DC', 'f32', 'r'],
  ])}${LSTM_BWD_P.wgsl(7)}${FLAT_INDEX}
fn put(k: u32, v: f32) {
  if (p.accPre != 0u) { DPRE[k] = DPRE[k] + v; } else { DPRE[k] = v; }
}
@compute @workgroup_size(${LSTM_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = flat(gid, nwg, ${LSTM_WG}u);
  if (e >= p.B * p.H) { return; }
  let b = e / p.H;
  let j = e % p.H;
  let r = b * 4u * p.H + j;
  let i = G[p.offG + r];
  let f = G[p.offG + r + p.H];
  let g = G[p.offG + r + 2u * p.H];
  let o = G[p.offG + r + 3u * p.H];
  let tc = tanh(C[p.offC + e]);
  var dh = 0.0;
  if (p.hasDH != 0u) { dh = DH[p.offDH + e]; }
  var dc = dh * o * (1.0 - tc * tc);
  if (p.hasDC != 0u) { dc = dc + DC[p.offDC + e]; }
  let d = p.offDPre + r;
  put(d, dc * g * i * (1.0 - i));
  put(d + p.H, dc * CP[p.offCP + e] * f * (1.0 - f));
  put(d + 2u * p.H, dc * i * (1.0 - g * g));
  put(d + 3u * p.H, dh * tc * o * (1.0 - o));
  let v = dc * f;
  if (p.accCP != 0u) { DCP[p.offDCP + e] = DCP[p.offDCP + e] + v; } else { DCP[p.offDCP + e] = v; }
}
`;
}
