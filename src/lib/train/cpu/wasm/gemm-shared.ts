/**
 * What both thread pools (gemm-pool.node.ts, gemm-pool.browser.ts) set up before starting helpers: the
 * shared memory, this thread's kernel instance on it, the kernel's bytes for the helpers to instantiate,
 * and the control buffer (gemm-threads.ts's protocol).
 */
import { GEMM_SHARED_WASM_BASE64 } from './gemm-wasm';
import { base64Bytes, type Kernel } from './gemm';
import { SLOTS } from './gemm-threads';

export interface SharedGemm {
  bytes: Uint8Array<ArrayBuffer>;
  memory: WebAssembly.Memory;
  kernel: Kernel;
  ctl: SharedArrayBuffer;
}

export function sharedGemm(helpers: number): SharedGemm {
  const bytes = base64Bytes(GEMM_SHARED_WASM_BASE64);
  // 16,384 pages (1 GiB): the maximum gemm.wat's shared import declares.
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const kernel = { ...(inst.exports as unknown as Omit<Kernel, 'memory'>), memory } as Kernel;
  return { bytes, memory, kernel, ctl: new SharedArrayBuffer(helpers * SLOTS * 4) };
}
