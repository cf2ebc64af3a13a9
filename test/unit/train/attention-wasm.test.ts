// Attention in WebAssembly (src/lib/train/cpu/wasm/attention.ts, gemm.wat's attn_fwd and attn_bwd_last).
// Forward, every query or the final one, over odd shapes: z and the pattern bit for bit the TypeScript
// loops (the backend with the kernel off) and within float32 rounding of the float64 backend.
// Backward for the final query, over odd shapes (batches of 1, 3, 7, 113 and 3,831; 1, 2, 3 and 5 positions; 1 and 4
// heads; head sizes 1, 3 and 32), every slot of dqkv bit for bit the TypeScript function it replaces
// (attentionBackwardLastQuery) and within float32 rounding of the same function in float64; it declines
// float64 arrays; the CPU backend's attentionBackward gives the same bits with the kernel on and off.
// On 2 threads (sequences split between them) both kernels give the one-thread bits.
import { afterEach, describe, expect, it } from 'vitest';
import { wasmAttention, wasmAttentionBackwardLastQuery } from '../../../src/lib/train/cpu/wasm/attention';
import { attentionBackwardLastQuery, CpuBackend } from '../../../src/lib/train/cpu/backend';
import { gemmOptions } from '../../../src/lib/train/cpu/matmul';
import { gemmThreadsNow } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { Rng } from '../../../src/lib/tasks/prng';

let stop: () => void = () => {};
afterEach(() => {
  gemmOptions.wasm = true;
  stop();
  stop = () => {};
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'attention-wasm');
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
}
/** A softmax pattern per (b, h) row of T, as the forward pass leaves it. */
function pattern(rows: number, T: number, seed: number): Float32Array {
  const x = random(rows * T, seed);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < T; j++) s += (x[r * T + j] = Math.exp(3 * x[r * T + j]));
    for (let j = 0; j < T; j++) x[r * T + j] /= s;
  }
  return x;
}
const sameBits = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

const CASES: [number, number, number, number][] = [];
for (const B of [1, 3, 7, 113, 3831]) for (const [T, H, dh] of [[1, 1, 1], [2, 4, 3], [3, 4, 32], [5, 1, 32]] as const) CASES.push([B, T, H, dh]);

describe('attention backward for the final query in WebAssembly', () => {
  it.each(CASES)('B %i, T %i, H %i, dh %i: TypeScript bit for bit, float64 within rounding', (B, T, H, dh) => {
    const HD = H * dh;
    const scale = 1 / Math.sqrt(dh);
    // Offsets inside bigger arrays, as the engine's arena views are.
    const qo = 5, po = 3, dzo = 2, dqo = 7;
    const Q = random(qo + B * T * 3 * HD, 1);
    const P = new Float32Array(po + B * H * T);
    P.set(pattern(B * H, T, 2), po);
    const DZ = random(dzo + B * HD, 3);
    // Garbage in dqkv: every slot must be written.
    const ts = random(dqo + B * T * 3 * HD + 4, 4);
    const wasm = ts.slice();
    attentionBackwardLastQuery(Q, qo, P, po, DZ, dzo, ts, dqo, B, T, H, dh, scale);
    expect(wasmAttentionBackwardLastQuery(Q, qo, P, po, DZ, dzo, wasm, dqo, B, T, H, dh, scale)).toBe(true);
    expect(sameBits(wasm, ts)).toBe(true);
    const f64 = (x: Float32Array) => Float64Array.from(x) as unknown as Float32Array;
    const ref = f64(random(dqo + B * T * 3 * HD + 4, 4));
    attentionBackwardLastQuery(f64(Q), qo, f64(P), po, f64(DZ), dzo, ref, dqo, B, T, H, dh, scale);
    let worst = 0;
    for (let i = dqo; i < dqo + B * T * 3 * HD; i++) worst = Math.max(worst, Math.abs(wasm[i] - ref[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('declines float64 arrays, touching nothing', () => {
    const Q = Float64Array.from(random(3 * 3 * 12, 1)) as unknown as Float32Array;
    const DQ = new Float32Array(3 * 3 * 12);
    expect(wasmAttentionBackwardLastQuery(Q, 0, pattern(3 * 2, 3, 2), 0, random(3 * 4, 3), 0, DQ, 0, 3, 3, 2, 2, 1)).toBe(false);
    expect(DQ.every((v) => v === 0)).toBe(true);
  });

  it('CpuBackend.attentionBackward: the same bits with the WebAssembly kernel on and off (the paper model\'s shape)', () => {
    const B = 3831, T = 3, H = 4, dh = 32, HD = H * dh;
    const run = (wasm: boolean): Float32Array => {
      gemmOptions.wasm = wasm;
      const be = new CpuBackend();
      const qkv = be.alloc(B * T * 3 * HD, 'f32', 'qkv');
      const att = be.alloc(B * H * T, 'f32', 'att');
      const dout = be.alloc(B * HD, 'f32', 'dout');
      const dqkv = be.alloc(B * T * 3 * HD, 'f32', 'dqkv');
      be.write(qkv, random(B * T * 3 * HD, 1));
      be.write(att, pattern(B * H, T, 2));
      be.write(dout, random(B * HD, 3));
      be.write(dqkv, random(B * T * 3 * HD, 4));
      be.attentionBackward({ qkv, att, dout, dqkv, B, T, Tq: 1, H, dh, scale: 1 / Math.sqrt(dh), accumulate: false });
      return (dqkv as unknown as { data: Float32Array }).data.slice();
    };
    expect(sameBits(run(true), run(false))).toBe(true);
  });
});

describe('attention forward in WebAssembly', () => {
  const FWD: [number, number, number, number, number][] = [];
  for (const B of [1, 3, 7, 113, 3831]) for (const [T, Tq, H, dh] of [[1, 1, 1, 1], [2, 2, 4, 3], [3, 1, 4, 32], [5, 5, 1, 32], [5, 2, 2, 7]] as const) FWD.push([B, T, Tq, H, dh]);
  it.each(FWD)('B %i, T %i, Tq %i, H %i, dh %i: the TypeScript loops bit for bit, float64 within rounding', (B, T, Tq, H, dh) => {
    const HD = H * dh;
    const run = (be: CpuBackend, wasm: boolean) => {
      gemmOptions.wasm = wasm;
      const qkv = be.alloc(B * T * 3 * HD + 3, 'f32', 'qkv');
      const out = be.alloc(B * Tq * HD + 2, 'f32', 'z');
      const att = be.alloc(B * H * Tq * T + 1, 'f32', 'att');
      be.write(qkv, random(B * T * 3 * HD + 3, 1).map((x) => 2 * x));
      // Garbage in the outputs: every slot must be written.
      be.write(out, random(B * Tq * HD + 2, 5));
      be.write(att, random(B * H * Tq * T + 1, 6));
      // Views at offsets, as the engine's arena gives.
      be.attention({ qkv: { buf: qkv, offset: 3 }, out: { buf: out, offset: 2 }, att: { buf: att, offset: 1 }, B, T, Tq, H, dh, scale: 1 / Math.sqrt(dh) });
      const data = (b: unknown) => (b as { data: Float32Array }).data;
      return { z: data(out), p: data(att) };
    };
    const ts = run(new CpuBackend(), false);
    // The kernel itself at every size (the backend keeps small batches in TypeScript).
    const wasm = { z: random(B * Tq * HD + 2, 5), p: random(B * H * Tq * T + 1, 6) };
    const Q = random(B * T * 3 * HD + 3, 1).map((x) => 2 * x);
    expect(wasmAttention(Q, 3, wasm.z, 2, wasm.p, 1, B, T, Tq, H, dh, 1 / Math.sqrt(dh))).toBe(true);
    if (B * T * 3 * HD >= 1 << 14) expect(sameBits(run(new CpuBackend(), true).z, wasm.z)).toBe(true);
    expect(sameBits(wasm.z, ts.z)).toBe(true);
    expect(sameBits(wasm.p, ts.p)).toBe(true);
    const ref = run(new CpuBackend({ float64: true }), false);
    let worst = 0;
    for (let i = 2; i < ref.z.length; i++) worst = Math.max(worst, Math.abs(wasm.z[i] - ref.z[i]) / (1 + Math.abs(ref.z[i])));
    for (let i = 1; i < ref.p.length; i++) worst = Math.max(worst, Math.abs(wasm.p[i] - ref.p[i]));
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('attention in WebAssembly on two threads', () => {
  it.each([[64, 3, 1], [113, 3, 1], [3831, 3, 1], [65, 5, 5], [3831, 2, 2]])(
    'B %i, T %i, Tq %i: forward and (final query) backward split by sequences, bit for bit one thread', (B, T, Tq) => {
    const H = 4, dh = 32, HD = H * dh, scale = 1 / Math.sqrt(dh);
    const Q = random(3 + B * T * 3 * HD, 1).map((x) => 2 * x);
    const run = () => {
      const z = random(2 + B * Tq * HD, 5);
      const p = random(1 + B * H * Tq * T, 6);
      expect(wasmAttention(Q, 3, z, 2, p, 1, B, T, Tq, H, dh, scale)).toBe(true);
      let dq: Float32Array | null = null;
      if (Tq === 1) {
        dq = random(7 + B * T * 3 * HD, 4);
        expect(wasmAttentionBackwardLastQuery(Q, 3, p, 1, random(B * HD, 3), 0, dq, 7, B, T, H, dh, scale)).toBe(true);
      }
      return { z, p, dq };
    };
    const one = run();
    stop = startGemmThreads(2);
    const split = gemmThreadsNow()!.batchesSplit;
    const two = run();
    expect(gemmThreadsNow()!.batchesSplit - split).toBe(Tq === 1 ? 2 : 1);
    expect(sameBits(two.z, one.z)).toBe(true);
    expect(sameBits(two.p, one.p)).toBe(true);
    if (one.dq) expect(sameBits(two.dq!, one.dq)).toBe(true);
  }, 60_000);
});
