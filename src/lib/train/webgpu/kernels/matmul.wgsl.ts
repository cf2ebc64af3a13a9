/**
 * WGSL template: batched matmul with fused epilogue.
 *   C[b] (+)= act(alpha * op(A[b]) @ op(B[b]) + bias),  op(A) [M, K], op(B) [K, N], C [M, N].
 *
 * Work split (register tiling for CPU Vulkan drivers; measured in scripts/bench/README.md): a 1-D workgroup of
 * WG threads along N; each thread owns an R x C block of C (the R rows come from the workgroup id, so
 * every thread of a workgroup reads the same A element: the driver loads it once) and keeps the sums
 * in registers. No workgroup memory, no barriers (both slow on lavapipe/SwiftShader).
 * grid = (ceil(N / (C WG)), ceil(M / R), batch). Rows past M are clamped on load, skipped on store.
 *
 * Variants (compile-time; everything else, transposes included, is uniform strides, so that few
 * pipelines exist: lavapipe compiles each on first use, seconds apiece on a busy 2-core machine):
 *   'nn'   8x8 blocks, B [K, N] read as two vec4 per k (needs B offset, row stride, batch stride and
 *          N multiples of 4 / 8). The backend transposes a stored [N, K] B into this layout first.
 *   'gen'  4x4 blocks, scalar B reads with any strides, columns clamped (odd N, small products).
 * A's element (i, k) is at offA + b sA + i aRs + k aKs (aRs = lda, aKs = 1, or swapped for A^T);
 * B's (k, j) at offB + b sB + k bKs + j bNs.
 */
import { params } from './params';

export type MatmulVariant = 'nn' | 'gen';
type MatmulAct = 'none' | 'relu' | 'tanh' | 'sigmoid';

/** Rows x columns of C per thread. */
export const MATMUL_TILE: Record<MatmulVariant, [number, number]> = { nn: [8, 8], gen: [4, 4] };

export const MATMUL_P = params({
  M: 'u', N: 'u', K: 'u',
  offA: 'u', offB: 'u', offC: 'u', offBias: 'u',
  sA: 'u', sB: 'u', sC: 'u', // batch strides
  aRs: 'u', aKs: 'u', bKs: 'u', bNs: 'u', ldc: 'u',
  alpha: 'f', accumulate: 'u', hasBias: 'u',
});

/** The activation is compiled in: the store is unrolled R*C times, and tanh/exp there would bloat
 * the compile of every matmul; only the variants that use them carry them. */
const ACT_EXPR: Record<MatmulAct, string> = {
  none: 'x',
  relu: 'max(x, 0.0)',
  tanh: 'tanh(x)',
  sigmoid: '1.0 / (1.0 + exp(-x))',
};

/** Unrolled in TypeScript (no WGSL arrays or inner loops): lavapipe compiles straight-line code
 * several times faster than loops over local arrays, and compile time is what CI pays. */
export function matmulWgsl(variant: MatmulVariant, wg: number, act: MatmulAct): string {
  const [R, Cn] = MATMUL_TILE[variant];
  const V = Cn / 4; // vec4 accumulators per row
  const rows = Array.from({ length: R }, (_, r) => r);
  const vecs = Array.from({ length: V }, (_, v) => v);
  const lines: string[] = [];
  for (const r of rows) lines.push(`  let ra${r} = aBase + min(row0 + ${r}u, p.M - 1u) * p.aRs;`);
  for (const r of rows) for (const v of vecs) lines.push(`  var acc${r}_${v} = vec4<f32>(0.0);`);
  if (variant === 'nn') {
    // B as vec4: element index / 4 (N % 8 == 0, so a thread's 8 columns are all in the matrix).
    lines.push('  let bBase = (p.offB + bi * p.sB + col0) / 4u;', '  let bk4 = p.bKs / 4u;');
    lines.push('  for (var k = 0u; k < p.K; k++) {', '    let kb = bBase + k * bk4;');
    for (const v of vecs) lines.push(`    let b${v} = B4[kb + ${v}u];`);
  } else {
    lines.push('  let bBase = p.offB + bi * p.sB;');
    for (let j = 0; j < Cn; j++) lines.push(`  let cb${j} = bBase + min(col0 + ${j}u, p.N - 1u) * p.bNs;`);
    lines.push('  for (var k = 0u; k < p.K; k++) {', '    let kb = k * p.bKs;');
    for (const v of vecs) {
      const e = [0, 1, 2, 3].map((q) => `B[cb${4 * v + q} + kb]`).join(', ');
      lines.push(`    let b${v} = vec4<f32>(${e});`);
    }
  }
  lines.push('    let ko = k * p.aKs;');
  for (const r of rows) {
    lines.push(`    let a${r} = vec4<f32>(A[ra${r} + ko]);`);
    for (const v of vecs) lines.push(`    acc${r}_${v} = fma(a${r}, b${v}, acc${r}_${v});`);
  }
  lines.push('  }');
  for (const r of rows) {
    lines.push(`  if (row0 + ${r}u < p.M) {`, `    let cr = p.offC + bi * p.sC + (row0 + ${r}u) * p.ldc + col0;`);
    for (let j = 0; j < Cn; j++) {
      const guard = variant === 'nn' ? '' : `if (col0 + ${j}u < p.N) `;
      lines.push(`    ${guard}{ store(cr + ${j}u, acc${r}_${j >> 2}[${j & 3}], col0 + ${j}u); }`);
    }
    lines.push('  }');
  }
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> ${variant === 'nn' ? 'B4: array<vec4<f32>>' : 'B: array<f32>'};
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
${MATMUL_P.wgsl(4)}
fn store(i: u32, v: f32, col: u32) {
  var x = p.alpha * v;
  if (p.hasBias != 0u) { x = x + bias[p.offBias + col]; }
  x = ${ACT_EXPR[act]};
  if (p.accumulate != 0u) { x = x + C[i]; }
  C[i] = x;
}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let bi = wid.z;
  let row0 = wid.y * ${R}u;
  let col0 = (wid.x * ${wg}u + lid.x) * ${Cn}u;
  if (col0 >= p.N) { return; }
  let aBase = p.offA + bi * p.sA;
${lines.join('\n')}
}
`;
}
