/**
 * Node 20 (V8 11.3) compiles WebAssembly relaxed-simd only behind --experimental-wasm-relaxed-simd; V8
 * reads its flags when it compiles, so setting the flag at run time, before the first relaxed-simd
 * module is compiled, is enough, and worker threads started afterwards see it too (flags are
 * process-wide). Newer Node and Chromium have relaxed-simd on by default: this then does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdValidates } from './fma';

/** Turns relaxed-simd on in this process where it is behind a flag; returns whether it validates now. */
export function enableRelaxedSimd(): boolean {
  if (relaxedSimdValidates()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdValidates();
}
