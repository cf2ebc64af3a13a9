/**
 * What both thread pools (gemm-pool.node.ts, gemm-pool.browser.ts) set up before starting helpers: the
 * shared memory, this thread's kernel instance on it, the kernel's bytes for the helpers to instantiate,
 * and the control buffer (gemm-threads.ts's protocol). Every thread gets the same micro-kernel (plain or
 * fused multiply-add, fma.ts), so the split cannot change a single bit.
 */
import { GEMM_FMA_SHARED_WASM_BASE64, GEMM_SHARED_WASM_BASE64 } from './gemm-wasm';
import { base64Bytes, gemmKernelName, type Kernel } from './gemm';
import { SLOTS } from './gemm-threads';

export interface SharedGemm {
  bytes: Uint8Array<ArrayBuffer>;
  memory: WebAssembly.Memory;
  kernel: Kernel;
  /** The compiled module behind `kernel` (Node hands it to the helpers: gemm-pool.node.ts). */
  module: WebAssembly.Module;
  ctl: SharedArrayBuffer;
}

/**
 * The setup for `helpers` helpers, with the micro-kernel gemm.ts's useGemmKernel chose. `compile` makes
 * this thread's module from the bytes (default: new WebAssembly.Module); Node passes one that compiles
 * with the optimizing tier at once (gemm-pool.node.ts).
 */
export function sharedGemm(helpers: number, compile: (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.Module = (b) => new WebAssembly.Module(b)): SharedGemm {
  const bytes = base64Bytes(gemmKernelName() === 'simd128-fma' ? GEMM_FMA_SHARED_WASM_BASE64 : GEMM_SHARED_WASM_BASE64);
  // 16,384 pages (1 GiB): the maximum gemm.wat's shared import declares.
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
  const module = compile(bytes);
  const inst = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } });
  const kernel = { ...(inst.exports as unknown as Omit<Kernel, 'memory'>), memory } as Kernel;
  return { bytes, memory, kernel, module, ctl: new SharedArrayBuffer(helpers * SLOTS * 4) };
}
