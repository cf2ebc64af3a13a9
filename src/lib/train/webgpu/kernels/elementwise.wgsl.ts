/**
 * WGSL template: element-wise kernels over n contiguous elements (offsets in elements).
 *   out[offO + i] (+)= f(i)  for i < n, one invocation per element, 256 per workgroup, the
 *   workgroups spread over a 2-D grid when n / 256 exceeds 65535.
 * f per op (A = binding a, B = binding b):
 *   fill alpha | scale alpha*A | add A+B | mul A*B | addBias A + B[offB + i % cols]
 *   unary act(A) | unaryBackward A * act'(B) (B = forward output y) | broadcastScalar alpha*A[offA]
 * copy moves u32 bits (so it serves f32 and i32 buffers alike) and ignores accumulate.
 */
import { FLAT_INDEX, params, storage } from './params';

export type ElementwiseOp =
  | 'fill' | 'copy' | 'scale' | 'add' | 'mul' | 'addBias' | 'unary' | 'unaryBackward' | 'broadcastScalar';

export const ELEMENTWISE_P = params({
  n: 'u', offO: 'u', offA: 'u', offB: 'u', cols: 'u', accumulate: 'u',
  kind: 'u', // unary kind: 1 relu, 2 tanh, 3 sigmoid
  aIsO: 'u', bIsO: 'u', // in place: read that operand from O (a buffer may not be bound twice when written)
  alpha: 'f',
});
export const EW_WG = 256;

const EXPR: Record<Exclude<ElementwiseOp, 'copy'>, string> = {
  fill: 'p.alpha',
  scale: 'p.alpha * ldA(p.offA + i)',
  add: 'ldA(p.offA + i) + ldB(p.offB + i)',
  mul: 'ldA(p.offA + i) * ldB(p.offB + i)',
  addBias: 'ldA(p.offA + i) + ldB(p.offB + i % p.cols)',
  unary: 'act(ldA(p.offA + i))',
  unaryBackward: 'ldA(p.offA + i) * dact(ldB(p.offB + i))',
  broadcastScalar: 'p.alpha * ldA(p.offA)',
};

const ACT = /* wgsl */ `
fn ldA(j: u32) -> f32 { if (p.aIsO != 0u) { return O[j]; } return A[j]; }
fn ldB(j: u32) -> f32 { if (p.bIsO != 0u) { return O[j]; } return B[j]; }
fn act(x: f32) -> f32 {
  switch p.kind {
    case 1u: { return max(x, 0.0); }
    case 2u: { return tanh(x); }
    default: { return 1.0 / (1.0 + exp(-x)); }
  }
}
// Derivative from the forward output y.
fn dact(y: f32) -> f32 {
  switch p.kind {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return 1.0 - y * y; }
    default: { return y * (1.0 - y); }
  }
}
`;

export function elementwiseWgsl(op: ElementwiseOp): string {
  const t = op === 'copy' ? 'u32' : 'f32';
  const store =
    op === 'copy'
      ? 'O[p.offO + i] = A[p.offA + i];'
      : `let v = ${EXPR[op]};
  if (p.accumulate != 0u) { O[p.offO + i] = O[p.offO + i] + v; } else { O[p.offO + i] = v; }`;
  return `${storage([['O', t, 'rw'], ['A', t, 'r'], ['B', t, 'r']])}${ELEMENTWISE_P.wgsl(3)}${FLAT_INDEX}${op === 'copy' ? '' : ACT}
@compute @workgroup_size(${EW_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg, ${EW_WG}u);
  if (i >= p.n) { return; }
  ${store}
}
`;
}
