// Tensors in the kernels' shared memory (src/lib/train/cpu/wasm/arena.ts) and the kernels that use them
// in place: the allocator (first fit, merging, giving back the top, views that outlive a grow, zeroed
// reuse); products whose operands and result live there (odd offsets, a row stride wider than the product,
// added into, overlapping) bit for bit the copying path; the elementwise kernels and AdamW (elementwise.ts)
// bit for bit their TypeScript loops over odd lengths (short ones on this thread, long ones split across
// two); a trainer's buffers go there and a disposed trainer gives every block back.
import { afterEach, describe, expect, it } from 'vitest';
import { Arena, arenaNow } from '../../../src/lib/train/cpu/wasm/arena';
import { wasmAccumulate, wasmAdd, wasmReluBackward } from '../../../src/lib/train/cpu/wasm/elementwise';
import { gemm } from '../../../src/lib/train/cpu/matmul';
import { gemmThreadsNow } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { ModAddTrainer } from '../../../src/lib/train/trainer';
import { CASES, PAPER, caseName, random, sameBits, type Case } from './gemm-cases';

const SALT = 'arena';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
});

describe('the arena allocator', () => {
  const memory = () => new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });

  it('hands out 64-byte-aligned blocks, reuses freed ones first fit, merges neighbours and gives back the top', () => {
    const a = new Arena(memory(), 64 * 65536);
    const x = a.alloc(10, 'f32')!;
    const y = a.alloc(100, 'f32')!;
    const z = a.alloc(3, 'i32')!;
    expect([x.byteOffset, y.byteOffset, z.byteOffset]).toEqual([0, 64, 64 + 448]);
    expect(z).toBeInstanceOf(Int32Array);
    expect(a.top).toBe(64 + 448 + 64);
    a.free(x);
    const w = a.alloc(16, 'f32')!; // 64 bytes: fits the freed first block exactly
    expect(w.byteOffset).toBe(0);
    a.free(w);
    a.free(y); // merges with the free block before it: one block of 512 bytes
    const v = a.alloc(120, 'f32')!; // 480 bytes: only the merged block holds it
    expect(v.byteOffset).toBe(0);
    a.free(v);
    a.free(z); // the last block: the top comes down, and with the merged free block below it, to 0
    expect(a.top).toBe(0);
    expect(a.blocks).toBe(0);
  });

  it('grows the memory as needed; arrays made before a grow stay valid; a reused block starts at zero', () => {
    const m = memory();
    const a = new Arena(m, 64 * 65536);
    const x = a.alloc(1000, 'f32')!;
    x.fill(7);
    const big = a.alloc(200_000, 'f32')!; // 800 kB: the memory grows past its first page
    expect(m.buffer.byteLength).toBeGreaterThanOrEqual(a.top);
    big.fill(1);
    expect(x.every((v) => v === 7)).toBe(true);
    expect(a.owns(x) && a.owns(big)).toBe(true);
    a.free(x);
    const again = a.alloc(1000, 'f32')!;
    expect(again.byteOffset).toBe(x.byteOffset);
    expect(again.every((v) => v === 0)).toBe(true);
  });

  it('says no (null) where the memory cannot grow, leaving its top where it was', () => {
    const a = new Arena(new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true }), 64 * 65536);
    expect(a.alloc(16384, 'f32')).not.toBeNull(); // the first page
    expect(a.alloc(16384, 'f32')).not.toBeNull(); // grows to the maximum
    expect(a.alloc(1, 'f32')).toBeNull(); // memory.grow throws: no block, top unchanged
    expect(a.top).toBe(2 * 65536);
  });

  it('says no (null) past its limit, and ignores arrays that are not its own', () => {
    const a = new Arena(memory(), 65536);
    expect(a.alloc(16384, 'f32')).not.toBeNull();
    expect(a.alloc(1, 'f32')).toBeNull();
    const plain = new Float32Array(4);
    expect(a.owns(plain)).toBe(false);
    a.free(plain);
    expect(a.blocks).toBe(1);
  });
});

/** An array of `n` elements whose element `off` is the first of `data`: in the arena when `resident`. */
function placed(data: Float32Array, off: number, resident: boolean, extra = 0): Float32Array {
  const n = off + data.length + extra;
  const arr = resident ? (arenaNow()!.alloc(n, 'f32') as Float32Array) : new Float32Array(n);
  arr.set(data, off);
  return arr;
}

/** gemm over the case's data placed at odd offsets, C with a row stride of N + 5, written or added into. */
function productAt(c: Case, resident: boolean, accumulate: boolean): Float32Array {
  const A = random(c.M * c.K, 1, SALT);
  const B = random(c.K * c.N, 2, SALT);
  const bias = c.bias ? random(c.N, 3, SALT) : null;
  const ldc = c.N + 5;
  const C0 = random(c.M * ldc, 4, SALT);
  const a = placed(A, 3, resident);
  const b = placed(B, 5, resident);
  const bi = bias ? placed(bias, 1, resident) : null;
  const C = placed(C0, 7, resident);
  gemm({
    M: c.M, N: c.N, K: c.K, A: a, offA: 3, lda: c.transA ? c.M : c.K, transA: c.transA, B: b, offB: 5, ldb: c.transB ? c.K : c.N,
    transB: c.transB, C, offC: 7, ldc, alpha: 1, bias: bi, offBias: 1, act: c.relu ? 'relu' : null, accumulate,
  });
  return C.slice(7, 7 + c.M * ldc);
}

describe('products in place', () => {
  it.each(CASES.map((c) => [caseName(c), c] as const))(
    '%s: operands and result in the arena, written and added into, bit for bit the copying path',
    (_, c) => {
      stop = startGemmThreads(2);
      for (const accumulate of [false, true]) {
        if (accumulate && c.relu) continue; // an activation is never added into its output
        const copied = productAt(c, false, accumulate);
        const inPlace = productAt(c, true, accumulate);
        expect(sameBits(copied, inPlace), `accumulate ${accumulate}`).toBe(true);
      }
    },
    60_000,
  );

  it('a result that overlaps an operand is computed aside, then written (the same bits as separate arrays)', () => {
    stop = startGemmThreads(2);
    const [M, N, K] = [64, 32, 48];
    const A = random(M * K, 1, SALT);
    const B = random(K * N, 2, SALT);
    const separate = new Float32Array(M * N);
    gemm({ M, N, K, A, offA: 0, lda: K, transA: false, B, offB: 0, ldb: N, transB: false, C: separate, offC: 0, ldc: N, alpha: 1, bias: null, offBias: 0, act: null, accumulate: false });
    // One arena array holding A, then the product's place overlapping A's tail.
    const buf = arenaNow()!.alloc(M * K + M * N, 'f32') as Float32Array;
    buf.set(A);
    const bb = placed(B, 0, true);
    gemm({ M, N, K, A: buf, offA: 0, lda: K, transA: false, B: bb, offB: 0, ldb: N, transB: false, C: buf, offC: M * K - 100, ldc: N, alpha: 1, bias: null, offBias: 0, act: null, accumulate: false });
    expect(sameBits(buf.slice(M * K - 100, M * K - 100 + M * N), separate)).toBe(true);
  });
});

describe('elementwise kernels in the arena', () => {
  const LENGTHS = [1, 3, 7, 113, 3831, 3831 * 128, 3831 * 512 + 3];

  /** A ReLU output: +0 for about half the elements, positive otherwise. */
  const reluOut = (n: number) => random(n, 5, SALT).map((v) => (v > 0 ? v : 0));

  it.each(LENGTHS)('n = %i: relu backward, add and accumulate bit for bit the TypeScript loops (split across 2 threads from 2^16)', (n) => {
    const dy = random(n, 6, SALT);
    const y = reluOut(n);
    const a = random(n, 7, SALT);
    const b = random(n, 8, SALT).map((v, i) => (i % 5 === 0 ? -a[i] : v)); // some sums are exactly ±0
    const dx0 = random(n, 9, SALT);
    const want = {
      relu: dy.map((g, i) => g * ((new Uint32Array(y.buffer)[i] + 0x7fffffff) >>> 31)),
      reluAcc: dx0.map((d, i) => d + dy[i] * (y[i] > 0 ? 1 : 0)),
      add: a.map((v, i) => v + b[i]),
      acc: dx0.map((d, i) => d + a[i]),
    };
    stop = startGemmThreads(2);
    const threads = gemmThreadsNow()!;
    const split = threads.batchesSplit;
    const [Dy, Y, A, B] = [dy, y, a, b].map((v) => placed(v, 1, true));
    const out = placed(new Float32Array(n), 1, true);
    expect(wasmReluBackward(out, 1, Dy, 1, Y, 1, n, false)).toBe(true);
    expect(sameBits(out.slice(1, 1 + n), want.relu), 'relu').toBe(true);
    out.set(dx0, 1);
    expect(wasmReluBackward(out, 1, Dy, 1, Y, 1, n, true)).toBe(true);
    expect(sameBits(out.slice(1, 1 + n), want.reluAcc), 'relu, added').toBe(true);
    expect(wasmAdd(out, 1, A, 1, B, 1, n)).toBe(true);
    expect(sameBits(out.slice(1, 1 + n), want.add), 'add').toBe(true);
    out.set(dx0, 1);
    expect(wasmAccumulate(out, 1, A, 1, n)).toBe(true);
    expect(sameBits(out.slice(1, 1 + n), want.acc), 'accumulate').toBe(true);
    // 2^16 elements and more are split across both threads; fewer run on this one.
    expect(threads.batchesSplit - split).toBe(n >= 1 << 16 ? 4 : 0);
  }, 60_000);

  it.each([1, 3, 7, 113, 4097, 225_000])('AdamW over %i parameters in the arena: bit for bit the TypeScript loop, steps 1 and 37', (n) => {
    const run = () => {
      const be = new CpuBackend();
      const bufs = [be.alloc(n), be.alloc(n), be.alloc(n), be.alloc(n)];
      const [p, g, m, v] = bufs;
      be.write(p, random(n, 10, SALT));
      be.write(g, random(n, 11, SALT).map((x, i) => (i % 7 === 0 ? 0 : x * 10 ** ((i % 5) - 2))));
      be.write(m, random(n, 12, SALT).map((x) => x * 1e-3));
      be.write(v, random(n, 13, SALT).map((x) => x * x * 1e-4));
      for (const step of [1, 37]) be.adamw({ params: p, grads: g, m, v, n, lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 1, step });
      return bufs.map((b) => be.readSync(b, n));
    };
    const ts = run(); // no threads: plain arrays, the TypeScript loop
    stop = startGemmThreads(2);
    const inArena = run();
    inArena.forEach((x, i) => expect(sameBits(x, ts[i]), ['params', 'grads', 'm', 'v'][i]).toBe(true));
  }, 60_000);

  it('an operand that is not in the arena: false, nothing written (the caller runs its loop)', () => {
    stop = startGemmThreads(2);
    const out = placed(new Float32Array(8), 0, true);
    expect(wasmAdd(out, 0, new Float32Array(8).fill(1), 0, placed(new Float32Array(8).fill(2), 0, true), 0, 8)).toBe(false);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});

describe('the CPU backend and the arena', () => {
  it('with threads running, a trainer’s buffers live in the arena, and disposing it gives every block back', async () => {
    stop = startGemmThreads(2);
    const arena = arenaNow()!;
    const before = arena.blocks;
    const t = ModAddTrainer.create(PAPER, new CpuBackend());
    await t.step();
    expect(arena.blocks - before).toBeGreaterThan(20);
    t.dispose();
    expect(arena.blocks).toBe(before);
  }, 60_000);

  it('float64 mode keeps plain arrays; without threads there is no arena', () => {
    stop = startGemmThreads(2);
    const be = new CpuBackend({ float64: true });
    const buf = be.alloc(16) as unknown as { data: ArrayBufferView };
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(arenaNow()!.owns(buf.data)).toBe(false);
    stop();
    stop = () => {};
    expect(arenaNow()).toBeNull();
  });
});
