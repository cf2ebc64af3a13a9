// Cross-entropy split by rows across the matmul's threads (src/lib/train/cpu/wasm/xent-rows.ts): over odd
// shapes (3, 7, 113, 257 and 3,831 rows; 114, 113, 7 and 1 columns) the losses and the logits' gradient
// on 2 threads are bit for bit the one-thread backend's, with a count proving the split ran where it
// should (256 rows or more), and within float32 rounding of the float64 backend. With the forward keeping
// softmax - onehot for the backward (the op's `saved` buffer), written or added into, on 1 and 2 threads,
// in float32 and float64, everything is bit for bit the gradient computed again.
import { afterEach, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';
import { gemmThreadsNow } from '../../../src/lib/train/cpu/wasm/gemm';
import { startGemmThreads } from '../../../src/lib/train/cpu/wasm/gemm-pool.node.ts';
import { Rng } from '../../../src/lib/tasks/prng';

let stop: () => void = () => {};
afterEach(() => {
  stop();
  stop = () => {};
});

function random(n: number, seed: number): Float32Array {
  const r = new Rng(seed, 'xent-threads');
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * 8);
}

function run(be: CpuBackend, n: number, cols: number, keep = false, accumulate = false) {
  const logits = be.alloc(n * cols + 3, 'f32', 'logits');
  const targets = be.alloc(n + 1, 'i32', 'targets');
  const loss = be.alloc(n + 2, 'f32', 'loss');
  const dloss = be.alloc(n, 'f32', 'dloss');
  const dlogits = be.alloc(n * cols + 5, 'f32', 'dlogits');
  be.write(logits, random(n * cols + 3, 1));
  const r = new Rng(2, 'xent-targets');
  be.write(targets, Int32Array.from({ length: n + 1 }, () => Math.floor(r.next() * cols)));
  be.write(dloss, random(n, 3));
  be.write(dlogits, random(n * cols + 5, 4));
  const L = { buf: logits, offset: 3 };
  const T = { buf: targets, offset: 1 };
  const saved = keep ? be.alloc(be.crossEntropySavedLength(n, cols), 'f32', 'saved') : null;
  be.crossEntropy({ buf: loss, offset: 2 }, L, null, T, n, cols, saved);
  be.crossEntropyBackward({ buf: dlogits, offset: 5 }, dloss, L, null, T, n, cols, accumulate, saved);
  const data = (b: unknown) => (b as { data: Float32Array }).data.slice();
  return { loss: data(loss), dlogits: data(dlogits) };
}
const sameBits = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

const CASES: [number, number][] = [];
for (const n of [3, 7, 113, 257, 3831]) for (const cols of [114, 113, 7, 1]) CASES.push([n, cols]);

describe('cross-entropy on two threads', () => {
  it.each(CASES)('%i rows x %i columns: losses and gradient bit for bit one thread, float64 within rounding', (n, cols) => {
    const one = run(new CpuBackend(), n, cols);
    stop = startGemmThreads(2);
    const split = gemmThreadsNow()!.batchesSplit;
    const two = run(new CpuBackend(), n, cols);
    expect(gemmThreadsNow()!.batchesSplit - split).toBe(n >= 256 ? 2 : 0);
    expect(sameBits(two.loss, one.loss)).toBe(true);
    expect(sameBits(two.dlogits, one.dlogits)).toBe(true);
    const ref = run(new CpuBackend({ float64: true }), n, cols);
    let worst = 0;
    for (let i = 2; i < ref.loss.length; i++) worst = Math.max(worst, Math.abs(two.loss[i] - ref.loss[i]) / (1 + Math.abs(ref.loss[i])));
    for (let i = 5; i < ref.dlogits.length; i++) worst = Math.max(worst, Math.abs(two.dlogits[i] - ref.dlogits[i]) / (1 + Math.abs(ref.dlogits[i])));
    expect(worst).toBeLessThan(1e-5);
  }, 60_000);
});

describe('cross-entropy with the forward’s softmax - onehot kept for the backward', () => {
  it.each(CASES)('%i rows x %i columns: losses and gradient bit for bit those computed again', (n, cols) => {
    for (const accumulate of [false, true]) {
      const want = run(new CpuBackend(), n, cols, false, accumulate);
      const oneKept = run(new CpuBackend(), n, cols, true, accumulate);
      expect(sameBits(oneKept.loss, want.loss)).toBe(true);
      expect(sameBits(oneKept.dlogits, want.dlogits), `one thread, accumulate ${accumulate}`).toBe(true);
      const want64 = run(new CpuBackend({ float64: true }), n, cols, false, accumulate);
      const kept64 = run(new CpuBackend({ float64: true }), n, cols, true, accumulate);
      expect(sameBits(kept64.dlogits, want64.dlogits), `float64, accumulate ${accumulate}`).toBe(true);
      stop = startGemmThreads(2);
      const twoKept = run(new CpuBackend(), n, cols, true, accumulate);
      expect(sameBits(twoKept.loss, want.loss)).toBe(true);
      expect(sameBits(twoKept.dlogits, want.dlogits), `two threads, accumulate ${accumulate}`).toBe(true);
      stop();
      stop = () => {};
    }
  }, 60_000);
});
