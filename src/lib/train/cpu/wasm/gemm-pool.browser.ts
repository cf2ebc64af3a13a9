/**
 * The browser: helper Web Workers for the CPU matmul, started from inside the training worker
 * (gemm-threads.ts says how the work is split and why the result does not change). Shared memory
 * needs a cross-origin isolated page (the site sends COOP/COEP); the helpers block in Atomics.wait,
 * which a worker may do. Resolves to a stop function once every helper has said it is ready, or to
 * null, leaving the matmul on one thread, where any of that is missing or a helper does not start
 * within `timeoutMs`.
 */
/// <reference lib="webworker" />
import { useGemmThreads } from './gemm';
import { sharedGemm } from './gemm-shared';
import { GemmThreads, HELPER_LOOP, SLOTS } from './gemm-threads';

const HELPER = `${HELPER_LOOP}
self.onmessage = (e) => {
  const { bytes, memory, ctl, index, slots } = e.data;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, exp: Math.exp } });
  self.postMessage('ready');
  helperLoop(inst.exports, new Int32Array(ctl, index * slots * 4, slots), memory);
};`;

export async function startGemmThreads(threads: number, timeoutMs = 10_000): Promise<(() => void) | null> {
  if (threads < 2) return null;
  const workers: Worker[] = [];
  let url = '';
  try {
    const helpers = threads - 1;
    const { bytes, memory, kernel, ctl } = sharedGemm(helpers);
    url = URL.createObjectURL(new Blob([HELPER], { type: 'text/javascript' }));
    const ready = Array.from({ length: helpers }, (_, index) => {
      const w = new Worker(url);
      workers.push(w);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a matmul helper did not start')), timeoutMs);
        w.onmessage = () => {
          clearTimeout(timer);
          resolve();
        };
        w.onerror = (e) => {
          clearTimeout(timer);
          reject(new Error(e.message || 'a matmul helper failed'));
        };
        w.postMessage({ bytes, memory, ctl, index, slots: SLOTS });
      });
    });
    await Promise.all(ready);
    URL.revokeObjectURL(url);
    const pool = new GemmThreads(kernel, ctl, helpers);
    useGemmThreads(pool);
    return () => {
      useGemmThreads(null);
      pool.stop();
      for (const w of workers) w.terminate();
    };
  } catch {
    for (const w of workers) w.terminate();
    if (url) URL.revokeObjectURL(url);
    return null;
  }
}
