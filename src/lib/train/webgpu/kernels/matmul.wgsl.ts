/**
 * WGSL template: batched matmul with fused epilogue.
 *   C[b] (+)= act(alpha * op(A[b]) @ op(B[b]) + bias),  op(A) [M, K], op(B) [K, N], C [M, N].
 *
 * Work split (register tiling for CPU Vulkan drivers, see shared/ENVIRONMENT.md): a 1-D workgroup of
 * WG threads along N; each thread owns an 8x8 block of C (8 rows from the workgroup id, so every
 * thread of a workgroup reads the same A element: a broadcast) and keeps its 64 sums in registers.
 * No workgroup memory and no barriers (both slow on lavapipe/SwiftShader). grid = (ceil(N/(8 WG)),
 * ceil(M/8), batch). Rows and columns past M, N are clamped on load and skipped on store.
 *
 * Variants (compile-time):
 *   'nn'   B [K, N]: two vec4 loads of B per k (needs B offset, ldb, strideB, N multiples of 4 / 8);
 *   'gen'  any transA/transB with scalar loads (B^T columns are strided gathers, ~2x slower on
 *          lavapipe: the backend transposes a [N, K] B first when M is large, see transpose.wgsl.ts).
 * A loads depend only on the workgroup id and k, so the driver can load them once per workgroup.
 * Uniform fields are in elements; offsets let one buffer hold many tensors (parameter views).
 */
import { params } from './params';

export type MatmulVariant = 'nn' | 'gen';

export const MATMUL_P = params({
  M: 'u', N: 'u', K: 'u', batch: 'u',
  offA: 'u', offB: 'u', offC: 'u', offBias: 'u',
  sA: 'u', sB: 'u', sC: 'u', // batch strides
  lda: 'u', ldb: 'u', ldc: 'u',
  alpha: 'f',
  act: 'u', // 0 none, 1 relu, 2 tanh, 3 sigmoid
  accumulate: 'u', hasBias: 'u',
});

const header = (wg: number) => /* wgsl */ `
${MATMUL_P.wgsl(4)}
const WG: u32 = ${wg}u;

fn epilogue(v: f32, col: u32) -> f32 {
  var x = p.alpha * v;
  if (p.hasBias != 0u) { x = x + bias[p.offBias + col]; }
  switch p.act {
    case 1u: { x = max(x, 0.0); }
    case 2u: { x = tanh(x); }
    case 3u: { x = 1.0 / (1.0 + exp(-x)); }
    default: {}
  }
  return x;
}
`;

/** Store the 8x8 block: acc[r] holds columns col0..col0+7 of row row0+r as two vec4. */
const storeBlock = /* wgsl */ `
  for (var r = 0u; r < 8u; r++) {
    let row = row0 + r;
    if (row >= p.M) { break; }
    let cbase = p.offC + bi * p.sC + row * p.ldc;
    for (var j = 0u; j < 8u; j++) {
      let col = col0 + j;
      if (col < p.N) {
        let v = epilogue(acc[r][j / 4u][j % 4u], col);
        if (p.accumulate != 0u) { C[cbase + col] = C[cbase + col] + v; } else { C[cbase + col] = v; }
      }
    }
  }
`;

export function matmulWgsl(variant: MatmulVariant, transA: boolean, transB: boolean, wg: number): string {
  const bType = variant === 'nn' ? 'vec4<f32>' : 'f32';
  const decls = /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<${bType}>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
`;
  // Element (i, k) of op(A), and (k, j) of op(B), in the stored layouts.
  const aIdx = transA ? 'aBase + k * p.lda + rr[r]' : 'aBase + rr[r] * p.lda + k';
  const bIdx = transB ? 'bBase + cc[j] * p.ldb + k' : 'bBase + k * p.ldb + cc[j]';
  let body: string;
  if (variant === 'nn') {
    body = /* wgsl */ `
  // B as vec4: element index / 4 (N % 8 == 0, so a thread's 8 columns are all in the matrix).
  let bBase = (p.offB + bi * p.sB + col0) / 4u;
  let ldb4 = p.ldb / 4u;
  var rr: array<u32, 8>;
  for (var r = 0u; r < 8u; r++) { rr[r] = aBase + min(row0 + r, p.M - 1u) * ${transA ? '1u' : 'p.lda'}; }
  let aStep = ${transA ? 'p.lda' : '1u'};
  for (var k = 0u; k < p.K; k++) {
    let b0 = B[bBase + k * ldb4];
    let b1 = B[bBase + k * ldb4 + 1u];
    let ko = k * aStep;
    for (var r = 0u; r < 8u; r++) {
      let a = vec4<f32>(A[rr[r] + ko]);
      acc[r][0] = fma(a, b0, acc[r][0]);
      acc[r][1] = fma(a, b1, acc[r][1]);
    }
  }`;
  } else {
    body = /* wgsl */ `
  let bBase = p.offB + bi * p.sB;
  var rr: array<u32, 8>;
  var cc: array<u32, 8>;
  for (var r = 0u; r < 8u; r++) {
    rr[r] = min(row0 + r, p.M - 1u);
    cc[r] = min(col0 + r, p.N - 1u);
  }
  for (var k = 0u; k < p.K; k++) {
    var bs: array<f32, 8>;
    for (var j = 0u; j < 8u; j++) { bs[j] = B[${bIdx}]; }
    let b0 = vec4<f32>(bs[0], bs[1], bs[2], bs[3]);
    let b1 = vec4<f32>(bs[4], bs[5], bs[6], bs[7]);
    for (var r = 0u; r < 8u; r++) {
      let a = vec4<f32>(A[${aIdx}]);
      acc[r][0] = fma(a, b0, acc[r][0]);
      acc[r][1] = fma(a, b1, acc[r][1]);
    }
  }`;
  }
  return `${decls}${header(wg)}
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let bi = wid.z;
  let row0 = wid.y * 8u;
  let col0 = (wid.x * WG + lid.x) * 8u;
  if (col0 >= p.N) { return; }
  let aBase = p.offA + bi * p.sA;
  var acc: array<array<vec4<f32>, 2>, 8>;
  ${body}
  ${storeBlock}
}
`;
}
