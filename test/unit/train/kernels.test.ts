/**
 * Every Backend kernel against the float64 CPU reference (CpuBackend({ float64: true })), per backend,
 * at several sizes, including odd ones, offsets into buffers, batches with broadcast operands, fused
 * epilogues and accumulation. Inputs are uniform in [-1, 1]. Tolerance per element:
 * |got - ref| <= atol + 1e-4 |ref|, atol = 1e-5 * max(1, max|ref|) (matmul: times sqrt(K)).
 */
import { describe, expect, test } from 'vitest';
import type { Backend, Buf, DType, MatmulArgs, Ref } from '../../../src/lib/train/backend';
import { at } from '../../../src/lib/train/backend';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { gemm, gemmOptions } from '../../../src/lib/train/cpu/matmul';
import { wasmGemmAvailable } from '../../../src/lib/train/cpu/wasm/gemm';
import { closeness, describeBackends, maxAbs, randomArray } from './backends';

/** The same buffer on the backend under test and on the float64 reference. */
interface TwinBuf {
  b: Buf;
  r: Buf;
  n: number;
}

class Twin {
  readonly ref = new CpuBackend({ float64: true });
  private seed = 11;
  constructor(readonly be: Backend) {}
  f32(n: number, scale = 1): TwinBuf {
    return this.of(randomArray(n, this.seed++, scale));
  }
  of(data: Float32Array | Int32Array): TwinBuf {
    const dtype: DType = data instanceof Int32Array ? 'i32' : 'f32';
    const t = { b: this.be.alloc(data.length, dtype, 'test'), r: this.ref.alloc(data.length, dtype, 'test'), n: data.length };
    this.be.write(t.b, data);
    this.ref.write(t.r, data);
    return t;
  }
  /** Run the same kernel call on both backends; `s` picks each side's buffer (with an optional offset). */
  run(f: (k: Backend, s: (t: TwinBuf, offset?: number) => Ref) => void): void {
    f(this.be, (t, o = 0) => at(t.b, o));
    f(this.ref, (t, o = 0) => at(t.r, o));
  }
  async expectClose(t: TwinBuf, what: string, atolScale = 1): Promise<void> {
    const got = await this.be.read(t.b, t.n);
    const want = this.ref.readF64(t.r, t.n);
    const atol = 1e-5 * atolScale * Math.max(1, maxAbs(want));
    const bad = closeness(got, want, atol, 1e-4);
    expect(bad, `${what}: ${bad}`).toBeNull();
  }
}

interface MmCase extends Omit<MatmulArgs, 'a' | 'b' | 'c' | 'bias'> {
  bias?: boolean;
  offA?: number;
  offC?: number;
}

const mmCases: MmCase[] = [
  { M: 1, N: 1, K: 1 },
  { M: 5, N: 7, K: 3 },
  { M: 5, N: 7, K: 3, transA: true },
  { M: 5, N: 7, K: 3, transB: true },
  { M: 5, N: 7, K: 3, transA: true, transB: true },
  { M: 33, N: 130, K: 64, transB: true, bias: true, act: 'relu' },
  { M: 64, N: 128, K: 128, transB: true, bias: true },
  { M: 40, N: 114, K: 128 },
  { M: 128, N: 96, K: 37, transA: true, accumulate: true },
  { M: 9, N: 16, K: 8, alpha: 0.35, act: 'tanh' },
  { M: 9, N: 16, K: 8, bias: true, act: 'sigmoid' },
  { M: 6, N: 10, K: 12, alpha: 2, accumulate: true },
  { M: 4, N: 8, K: 5, batch: 3 },
  { M: 4, N: 8, K: 5, batch: 3, strideA: 0, transB: true },
  { M: 4, N: 8, K: 5, batch: 3, strideB: 0, transA: true },
  // Strided rows: every third row of a [3M, K] matrix (the "final position" read), into rows of a wider C.
  { M: 7, N: 6, K: 10, lda: 30, offA: 20, ldc: 9, offC: 3 },
  { M: 21, N: 27, K: 16, lda: 48, offA: 32, ldc: 30, offC: 5, bias: true, act: 'relu' },
  { M: 21, N: 27, K: 300, transA: true, transB: true, accumulate: true },
  { M: 16, N: 20, K: 24, alpha: 0.5, bias: true, accumulate: true },
  { M: 16, N: 20, K: 24, alpha: -2, act: 'relu' },
];

describe('CPU matmul: the scalar fallback (no WebAssembly SIMD) agrees with the SIMD path', () => {
  test.each([false, true])('transB=%s', (transB) => {
    const [M, N, K] = [37, 70, 45];
    const a = randomArray(M * K, 1);
    const b = randomArray(K * N, 2);
    const out = (wasm: boolean) => {
      gemmOptions.wasm = wasm;
      const c = new Float32Array(M * N);
      gemm({ M, N, K, A: a, offA: 0, lda: K, transA: false, B: b, offB: 0, ldb: transB ? K : N, transB, C: c, offC: 0, ldc: N, alpha: 1, bias: null, offBias: 0, act: null, accumulate: false });
      gemmOptions.wasm = true;
      return c;
    };
    expect(wasmGemmAvailable()).toBe(true);
    expect(closeness(out(false), out(true), 1e-5, 1e-5)).toBeNull();
  });
});

describeBackends('kernels vs float64 reference', (be) => {
  for (const c of mmCases) {
    const name = Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' ');
    test(`matmul ${name}`, async () => {
      const tw = new Twin(be());
      const batch = c.batch ?? 1;
      const lda = c.lda ?? (c.transA ? c.M : c.K);
      const ldb = c.ldb ?? (c.transB ? c.K : c.N);
      const ldc = c.ldc ?? c.N;
      const rowsA = c.transA ? c.K : c.M;
      const rowsB = c.transB ? c.N : c.K;
      const sA = c.strideA ?? rowsA * lda;
      const sB = c.strideB ?? rowsB * ldb;
      const sC = c.strideC ?? c.M * ldc;
      const offA = c.offA ?? 0;
      const offC = c.offC ?? 0;
      const A = tw.f32(offA + Math.max(sA * (batch - 1), 0) + rowsA * lda);
      const B = tw.f32(Math.max(sB * (batch - 1), 0) + rowsB * ldb);
      const C = tw.f32(offC + sC * (batch - 1) + c.M * ldc);
      const bias = c.bias ? tw.f32(c.N) : null;
      tw.run((k, s) =>
        k.matmul({ ...c, a: s(A, offA), b: s(B), c: s(C, offC), bias: bias ? s(bias) : undefined, lda, ldb, ldc, strideA: sA, strideB: sB, strideC: sC }),
      );
      await tw.expectClose(C, 'C', Math.sqrt(c.K));
    });
  }

  test('fill, copy, scale, add, mul, addBias, sumSquares', async () => {
    const tw = new Twin(be());
    const n = 1000;
    const [x, y, o1, o2, o3, o4, o5, s] = [tw.f32(n), tw.f32(n), tw.f32(n), tw.f32(n), tw.f32(n), tw.f32(n), tw.f32(n), tw.f32(1)];
    const bias = tw.f32(40);
    tw.run((k, r) => {
      k.fill(r(o1, 3), 500, 0.25);
      k.copy(r(o2), r(x, 7), 900);
      k.scale(r(o3), r(x), n, -1.5, true);
      k.add(r(o4), r(x), r(y), n, false);
      k.mul(r(o4), r(x), r(y), n, true);
      k.addBias(r(o5), r(x), r(bias), 25, 40);
      k.sumSquares(r(s), r(x), n, false);
    });
    for (const [t, w] of [[o1, 'fill'], [o2, 'copy'], [o3, 'scale'], [o4, 'add+mul'], [o5, 'addBias']] as const) await tw.expectClose(t, w);
    await tw.expectClose(s, 'sumSquares', 10);
  });

  for (const kind of ['relu', 'tanh', 'sigmoid'] as const) {
    test(`unary ${kind} forward and backward`, async () => {
      const tw = new Twin(be());
      const n = 777;
      const [x, y, dy, dx] = [tw.f32(n, 3), tw.f32(n), tw.f32(n), tw.f32(n)];
      tw.run((k, r) => {
        k.unary(kind, r(y), r(x), n);
        k.unaryBackward(kind, r(dx), r(dy), r(y), n, true);
      });
      await tw.expectClose(y, 'y');
      await tw.expectClose(dx, 'dx');
    });
  }

  test('sumRows, sum, broadcastScalar', async () => {
    const tw = new Twin(be());
    const [x, o, s, bs] = [tw.f32(3831 * 20), tw.f32(20), tw.f32(2), tw.f32(500)];
    tw.run((k, r) => {
      k.sumRows(r(o), r(x), 3831, 20, true);
      k.sum(r(s, 1), r(x), 3831 * 20, 1 / 3831, false);
      k.broadcastScalar(r(bs), r(s, 1), 500, 0.5, true);
    });
    await tw.expectClose(o, 'sumRows', 100);
    await tw.expectClose(s, 'sum', 100);
    await tw.expectClose(bs, 'broadcastScalar', 100);
  });

  test('gatherRows and scatterAddRows (repeated indices)', async () => {
    const tw = new Twin(be());
    const table = tw.f32(12 * 33);
    const idx = tw.of(Int32Array.from([3, 0, 11, 3, 3, 7, 0, 1]));
    const out = tw.f32(8 * 33);
    const dtable = tw.f32(12 * 33);
    tw.run((k, r) => {
      k.gatherRows(r(out), r(table), r(idx), 8, 33);
      k.scatterAddRows(r(dtable), r(out), r(idx), 8, 33);
    });
    await tw.expectClose(out, 'gather');
    await tw.expectClose(dtable, 'scatterAdd');
  });

  test('softmax forward and backward', async () => {
    const tw = new Twin(be());
    const [rows, cols] = [37, 114];
    const [x, y, dy, dx] = [tw.f32(rows * cols, 8), tw.f32(rows * cols), tw.f32(rows * cols), tw.f32(rows * cols)];
    tw.run((k, r) => {
      k.softmax(r(y), r(x), rows, cols);
      k.softmaxBackward(r(dx), r(dy), r(y), rows, cols, false);
    });
    await tw.expectClose(y, 'softmax');
    await tw.expectClose(dx, 'softmaxBackward');
  });

  for (const [B, T, Tq, H, dh] of [[5, 3, 1, 4, 32], [3, 3, 3, 2, 8], [2, 7, 4, 3, 5]]) {
    test(`attention B=${B} T=${T} Tq=${Tq} H=${H} dh=${dh}, forward and backward`, async () => {
      const tw = new Twin(be());
      const qkv = tw.f32(B * T * 3 * H * dh, 1.5);
      const [z, att, dz, dqkv] = [tw.f32(B * Tq * H * dh), tw.f32(B * H * Tq * T), tw.f32(B * Tq * H * dh), tw.f32(B * T * 3 * H * dh)];
      const scale = 1 / Math.sqrt(dh);
      tw.run((k, r) => {
        k.attention({ qkv: r(qkv), out: r(z), att: r(att), B, T, Tq, H, dh, scale });
        k.attentionBackward({ qkv: r(qkv), att: r(att), dout: r(dz), dqkv: r(dqkv), B, T, Tq, H, dh, scale, accumulate: false });
      });
      await tw.expectClose(z, 'z');
      await tw.expectClose(att, 'att');
      await tw.expectClose(dqkv, 'dqkv', Math.sqrt(dh));
    });
  }

  test('layerNorm forward and backward', async () => {
    const tw = new Twin(be());
    const [rows, cols] = [50, 128];
    const [x, gamma, beta, y, mean, rstd, dy, dx, dg, db] = [
      tw.f32(rows * cols, 3), tw.f32(cols), tw.f32(cols), tw.f32(rows * cols), tw.f32(rows), tw.f32(rows),
      tw.f32(rows * cols), tw.f32(rows * cols), tw.f32(cols), tw.f32(cols),
    ];
    tw.run((k, r) => {
      k.layerNorm(r(y), r(mean), r(rstd), r(x), r(gamma), r(beta), rows, cols, 1e-5);
      k.layerNormBackward(r(dx), r(dg), r(db), r(dy), r(x), r(mean), r(rstd), r(gamma), rows, cols, true);
    });
    for (const [t, w] of [[y, 'y'], [mean, 'mean'], [rstd, 'rstd'], [dx, 'dx'], [dg, 'dgamma'], [db, 'dbeta']] as const) await tw.expectClose(t, w, 10);
  });

  test('crossEntropy over chosen rows, forward and backward', async () => {
    const tw = new Twin(be());
    const [R, C, n] = [20, 114, 6];
    const logits = tw.f32(R * C, 10);
    const rows = tw.of(Int32Array.from([19, 0, 4, 4, 11, 2]));
    const targets = tw.of(Int32Array.from([113, 0, 5, 7, 50, 1]));
    const [loss, dloss, dlogits] = [tw.f32(n), tw.f32(n), tw.f32(R * C)];
    tw.run((k, r) => {
      k.crossEntropy(r(loss), r(logits), r(rows), r(targets), n, C);
      k.crossEntropyBackward(r(dlogits), r(dloss), r(logits), r(rows), r(targets), n, C, true);
    });
    await tw.expectClose(loss, 'loss', 10);
    await tw.expectClose(dlogits, 'dlogits');
  });

  // Which output gradients reach the cell: both, dh only (the last step's c), dc only.
  for (const [B, H, grads, acc] of [[3, 5, 'dh+dc', false], [17, 33, 'dh+dc', true], [4, 8, 'dh', true], [2, 6, 'dc', false]] as const) {
    test(`lstmCell B=${B} H=${H} ${grads}${acc ? ', accumulating' : ''}, forward and backward`, async () => {
      const tw = new Twin(be());
      const n = B * H;
      // Operands at odd offsets into larger buffers (views), pre-activations wide enough to saturate.
      const [pre, cPrev, gates, c, h] = [tw.f32(4 * n + 3, 4), tw.f32(n + 1, 2), tw.f32(4 * n), tw.f32(n + 2), tw.f32(n)];
      const [dh, dc, dpre, dcPrev] = [tw.f32(n), tw.f32(n + 5), tw.f32(4 * n + 7), tw.f32(n)];
      tw.run((k, r) => {
        k.lstmCell({ pre: r(pre, 3), cPrev: r(cPrev, 1), gates: r(gates), c: r(c, 2), h: r(h), B, H });
        k.lstmCellBackward({
          gates: r(gates), cPrev: r(cPrev, 1), c: r(c, 2), dh: grads.includes('dh') ? r(dh) : null, dc: grads.includes('dc') ? r(dc, 5) : null,
          dpre: r(dpre, 7), dcPrev: r(dcPrev), B, H, accumulatePre: acc, accumulateCPrev: acc,
        });
      });
      for (const [t, w] of [[gates, 'gates'], [c, 'c'], [h, 'h'], [dpre, 'dpre'], [dcPrev, 'dcPrev']] as const) await tw.expectClose(t, w);
    });
  }

  test('adamw over a flat buffer with an offset', async () => {
    const tw = new Twin(be());
    const n = 5000;
    const [p, g, m, v] = [tw.f32(n + 64), tw.f32(n + 64), tw.f32(n + 64, 0.1), tw.f32(n + 64)];
    tw.run((k, r) => {
      k.scale(r(v), r(v), n + 64, 0, false); // v >= 0: start from 0
      for (let step = 1; step <= 3; step++) {
        k.adamw({ params: r(p, 64), grads: r(g, 64), m: r(m, 64), v: r(v, 64), n, lr: 1e-2, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, step });
      }
    });
    await tw.expectClose(p, 'params');
    await tw.expectClose(m, 'm');
    await tw.expectClose(v, 'v');
  });
});
