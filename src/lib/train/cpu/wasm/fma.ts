/**
 * Which micro-kernel the CPU twin's matmul runs, and whether this runtime can run the fused one.
 *   'simd128'      gemm.wat: every step of a dot product is a multiply, rounded, then an add, rounded.
 *   'simd128-fma'  the same kernel with f32x4.relaxed_madd (relaxed-simd): where the CPU has fused
 *                  multiply-add, one rounding per step instead of two, and half the instructions.
 *   'scalar'       no WebAssembly SIMD here: matmul.ts's TypeScript loops.
 * The two SIMD kernels round differently, so a run's weights depend on which one it used: a run picks
 * one at its start, for every thread (gemm.ts, gemm-shared.ts), and records it so that --resume
 * continues with the same one (scripts/train.ts).
 * relaxed_madd may legally be unfused (a multiply and an add, as on CPUs without FMA): the probe below
 * checks that it really fuses, so 'simd128-fma' always means the same arithmetic, whatever the machine.
 */
import { FMA_PROBE_WASM_BASE64 } from './gemm-wasm';

export type GemmKernelName = 'scalar' | 'simd128' | 'simd128-fma';
export type FmaChoice = 'on' | 'off' | 'auto';

export const FMA_PROBE_BYTES: Uint8Array<ArrayBuffer> = (() => {
  const bin = atob(FMA_PROBE_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
})();

/** Whether this runtime compiles relaxed-simd at all (Node 20: only behind a flag, see fma.node.ts). */
export function relaxedSimdValidates(): boolean {
  try {
    return WebAssembly.validate(FMA_PROBE_BYTES);
  } catch {
    return false;
  }
}

/**
 * Whether f32x4.relaxed_madd runs here as one fused multiply-add: a = 1 + 2^-12 squared is
 * 1 + 2^-11 + 2^-24, whose last bit float32 cannot hold; minus (1 + 2^-11) that leaves 2^-24 when fused
 * and 0 when the product was rounded first.
 */
export function fusedMaddHere(): boolean {
  if (!relaxedSimdValidates()) return false;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(FMA_PROBE_BYTES), {});
    const madd = inst.exports.madd as (a: number, b: number, c: number) => number;
    const a = 1 + 2 ** -12;
    return madd(a, a, -(1 + 2 ** -11)) === 2 ** -24;
  } catch {
    return false;
  }
}

/** Asked for fused multiply-add (--fma on) where this runtime has none. */
export class FmaUnavailableError extends Error {}

/**
 * The SIMD kernel a choice means here: 'off' the plain one; 'on' the fused one or an error saying why
 * not; 'auto' the fused one where it is available.
 */
export function resolveGemmKernel(choice: FmaChoice): 'simd128' | 'simd128-fma' {
  if (choice === 'off') return 'simd128';
  if (fusedMaddHere()) return 'simd128-fma';
  if (choice === 'auto') return 'simd128';
  throw new FmaUnavailableError(
    relaxedSimdValidates()
      ? 'this CPU has no fused multiply-add (relaxed_madd runs as a multiply and an add here): use --fma off or auto'
      : 'this runtime has no WebAssembly relaxed-simd (f32x4.relaxed_madd): use --fma off or auto',
  );
}
