// GFLOP/s of the WebGPU matmul kernels (src/lib/train/webgpu/kernels/matmul.wgsl.ts) on 512^3 and on
// the shapes of the p=113 paper model's training step, on whichever Vulkan driver is configured.
//   scripts/with-vulkan.sh npx tsx scripts/bench/matmul.ts            # lavapipe (or SwiftShader fallback)
//   VULKAN_DRIVER=swiftshader scripts/with-vulkan.sh npx tsx scripts/bench/matmul.ts
//   options: --quick (fewer repeats), --check (compare each shape once with the CPU twin)
import { createNodeWebGPUBackend } from '../../src/lib/train/webgpu/backend.node.ts';
import { gemm } from '../../src/lib/train/cpu/matmul';
import type { MatmulArgs } from '../../src/lib/train/backend';
import { loadavg } from 'node:os';

interface Shape {
  name: string;
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
}

// Paper model: p = 113, d_model 128, 4 heads x 32, d_mlp 512, 3830 training pairs, 3 positions.
const B = 3830;
const ALL: Shape[] = [
  { name: '512^3 NN', M: 512, N: 512, K: 512 },
  { name: '512^3 NT', M: 512, N: 512, K: 512, transB: true },
  { name: '512^3 TN', M: 512, N: 512, K: 512, transA: true },
  { name: 'qkv fwd  x[3B,128] W^T[128,384]', M: 3 * B, N: 384, K: 128, transB: true },
  { name: 'mlp in   x[B,128] W_in^T', M: B, N: 512, K: 128, transB: true },
  { name: 'mlp out  h[B,512] W_out^T', M: B, N: 128, K: 512, transB: true },
  { name: 'unembed  x[B,128] W_U[128,114]', M: B, N: 114, K: 128 },
  { name: 'unembed  (vocab padded 128)', M: B, N: 128, K: 128 },
  { name: 'dX mlp   dh[B,512] W_in[512,128]', M: B, N: 128, K: 512 },
  { name: 'dX mlp-out dy[B,128] W_out[128,512]', M: B, N: 512, K: 128 },
  { name: 'dW_in    dh^T[512,B] x[B,128]', M: 512, N: 128, K: B, transA: true },
  { name: 'dW_out   dy^T[128,B] h[B,512]', M: 128, N: 512, K: B, transA: true },
  { name: 'dW_qkv   dqkv^T[384,3B] x[3B,128]', M: 384, N: 128, K: 3 * B, transA: true },
];

const args = new Set(process.argv.slice(2));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const SHAPES = only ? ALL.filter((s) => s.name.includes(only)) : ALL;
const quick = args.has('--quick');
const check = args.has('--check');

function rand(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

const be = await createNodeWebGPUBackend();
console.log(`# matmul on ${be.name}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('shape'.padEnd(40), 'M'.padStart(6), 'N'.padStart(5), 'K'.padStart(6), '   ms/op', '  GFLOP/s', 'GF/cpu-s', check ? '  max|err|' : '');
for (const s of SHAPES) {
  const a = rand(s.M * s.K, 1);
  const b = rand(s.K * s.N, 2);
  const A = be.alloc(a.length, 'f32', 'A');
  const Bb = be.alloc(b.length, 'f32', 'B');
  const C = be.alloc(s.M * s.N, 'f32', 'C');
  be.write(A, a);
  be.write(Bb, b);
  const m: MatmulArgs = { a: A, b: Bb, c: C, M: s.M, N: s.N, K: s.K, transA: s.transA, transB: s.transB };
  be.matmul(m); // compile + warm
  await be.sync();
  let err = '';
  if (check) {
    const got = await be.read(C, s.M * s.N);
    const want = new Float32Array(s.M * s.N);
    gemm({ M: s.M, N: s.N, K: s.K, A: a, offA: 0, lda: s.transA ? s.M : s.K, transA: !!s.transA, B: b, offB: 0,
      ldb: s.transB ? s.K : s.N, transB: !!s.transB, C: want, offC: 0, ldc: s.N, alpha: 1, bias: null, offBias: 0, act: null, accumulate: false });
    let e = 0;
    for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i] - want[i]));
    err = e.toExponential(1).padStart(10);
  }
  const flops = 2 * s.M * s.N * s.K;
  // Enough repeats for ~0.5 s per shape; several dispatches per submit, as in a training step.
  let reps = 1;
  const t0 = performance.now();
  be.matmul(m);
  await be.sync();
  const one = performance.now() - t0;
  reps = Math.max(2, Math.min(50, Math.round((quick ? 150 : 500) / Math.max(one, 1))));
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < reps; i++) be.matmul(m);
    await be.sync();
    const cu = process.cpuUsage(c);
    best = Math.min(best, (performance.now() - t) / reps);
    bestCpu = Math.min(bestCpu, (cu.user + cu.system) / 1000 / reps);
  }
  // GFLOP per CPU-second (all threads of this process, lavapipe's included): comparable under load.
  console.log(s.name.padEnd(40), String(s.M).padStart(6), String(s.N).padStart(5), String(s.K).padStart(6),
    best.toFixed(2).padStart(9), (flops / best / 1e6).toFixed(1).padStart(9), (flops / bestCpu / 1e6).toFixed(1).padStart(9), err);
  be.free(A); be.free(Bb); be.free(C);
}
be.dispose();
