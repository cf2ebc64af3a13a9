/**
 * Elementwise passes over tensors that live in the kernels' memory (arena.ts), in WebAssembly SIMD
 * (gemm.wat's relu_bwd, add_f32, acc_f32, adamw), split across the matmul's threads when they run. The
 * first three are one float32 operation per element, as the TypeScript loop in cpu/backend.ts computes it
 * (a double result of one operation on floats, rounded to float32, is the float32 result); AdamW is its
 * TypeScript loop's double arithmetic, operation for operation. So the bits are the same.
 * Each returns false, having done nothing, where an operand is not in the kernels' memory: the caller
 * then runs its loop.
 */
import { gemmThreadsNow, simdInstance } from './gemm';
import { Layout, residentByte } from './arena';

/** Below this many elements a pass stays on one thread (posting a share costs ~10-50 µs). */
const THREADED_MIN = 1 << 16;

/** Byte addresses of every operand in the kernels' memory, or null where one is not there. */
function addresses(views: [ArrayBufferView, number][]): number[] | null {
  const k = simdInstance();
  if (!k) return null;
  const out: number[] = [];
  for (const [v, o] of views) {
    const at = residentByte(k, v, o);
    if (at < 0) return null;
    out.push(at);
  }
  return out;
}

/** dx (+)= dy * (y > 0) for a ReLU output y (cpu/backend.ts's unaryBackward, relu). */
export function wasmReluBackward(
  DX: Float32Array, dxo: number, DY: Float32Array, dyo: number, Y: Float32Array, yo: number, n: number, accumulate: boolean,
): boolean {
  const at = addresses([[DX, dxo], [DY, dyo], [Y, yo]]);
  if (!at) return false;
  const [dx, dy, y] = at;
  const acc = accumulate ? 1 : 0;
  const threads = n >= THREADED_MIN ? gemmThreadsNow() : null;
  if (threads) threads.runElementwise('relu_bwd', n, (i0, i1) => [dx + 4 * i0, dy + 4 * i0, y + 4 * i0, i1 - i0, acc]);
  else simdInstance()!.relu_bwd(dx, dy, y, n, acc);
  return true;
}

/** o = a + b. */
export function wasmAdd(O: Float32Array, oo: number, A: Float32Array, ao: number, B: Float32Array, bo: number, n: number): boolean {
  const at = addresses([[O, oo], [A, ao], [B, bo]]);
  if (!at) return false;
  const [o, a, b] = at;
  const threads = n >= THREADED_MIN ? gemmThreadsNow() : null;
  if (threads) threads.runElementwise('add_f32', n, (i0, i1) => [o + 4 * i0, a + 4 * i0, b + 4 * i0, i1 - i0]);
  else simdInstance()!.add_f32(o, a, b, n);
  return true;
}

/** o += x. */
export function wasmAccumulate(O: Float32Array, oo: number, X: Float32Array, xo: number, n: number): boolean {
  const at = addresses([[O, oo], [X, xo]]);
  if (!at) return false;
  const [o, x] = at;
  const threads = n >= THREADED_MIN ? gemmThreadsNow() : null;
  if (threads) threads.runElementwise('acc_f32', n, (i0, i1) => [o + 4 * i0, x + 4 * i0, i1 - i0]);
  else simdInstance()!.acc_f32(o, x, n);
  return true;
}

/** The AdamW constants, as cpu/backend.ts's adamw computes them from its arguments. */
export interface AdamWConstants {
  beta1: number;
  beta2: number;
  decay: number;
  stepSize: number;
  sqrtBc2: number;
  eps: number;
}

/** One AdamW step over n parameters (cpu/backend.ts's adamw), params, grads, m and v in the kernels' memory. */
export function wasmAdamW(
  P: Float32Array, po: number, G: Float32Array, go: number, M: Float32Array, mo: number, V: Float32Array, vo: number,
  n: number, c: AdamWConstants,
): boolean {
  const at = addresses([[P, po], [G, go], [M, mo], [V, vo]]);
  if (!at) return false;
  const k = simdInstance()!;
  const L = new Layout(k);
  const kAt = L.take(64);
  new Float64Array(L.ready(), kAt, 8).set([c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.decay, c.stepSize, c.sqrtBc2, c.eps]);
  const [p, g, m, v] = at;
  const threads = n >= THREADED_MIN ? gemmThreadsNow() : null;
  if (threads) threads.runElementwise('adamw', n, (i0, i1) => [p + 4 * i0, g + 4 * i0, m + 4 * i0, v + 4 * i0, i1 - i0, kAt]);
  else k.adamw(p, g, m, v, n, kAt);
  return true;
}
