/**
 * Elementwise passes over tensors that live in the kernels' memory (arena.ts), in WebAssembly SIMD
 * (gemm.wat's relu_bwd, add_f32, acc_f32), split across the matmul's threads when they run. Each is one
 * float32 operation per element, as the TypeScript loop in cpu/backend.ts computes it (a double result
 * of one operation on floats, rounded to float32, is the float32 result), so the bits are the same.
 * Each returns false, having done nothing, where an operand is not in the kernels' memory: the caller
 * then runs its loop.
 */
import { gemmThreadsNow, simdInstance } from './gemm';
import { residentByte } from './arena';

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
