/**
 * Node: start helper threads (worker_threads) for the CPU matmul and make it use them
 * (gemm-threads.ts says how the work is split and why the result does not change).
 *   const stop = startGemmThreads(2); ... stop();
 * Helpers are unref'd: a process that forgets to stop them still exits.
 */
import { Worker } from 'node:worker_threads';
import { useGemmThreads } from './gemm';
import { sharedGemm } from './gemm-shared';
import { GemmThreads, HELPER_LOOP, SLOTS } from './gemm-threads';

const WORKER = `
const { workerData } = require('node:worker_threads');
${HELPER_LOOP}
const { bytes, memory, ctl, index, slots } = workerData;
const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, exp: Math.exp } });
helperLoop(inst.exports, new Int32Array(ctl, index * slots * 4, slots), memory);
`;

/** Run the matmul on `threads` threads in all (this one and threads - 1 helpers). Returns a stop function. */
export function startGemmThreads(threads: number): () => void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a whole number ≥ 1, got ${threads}`);
  if (threads === 1) {
    useGemmThreads(null);
    return () => {};
  }
  const helpers = threads - 1;
  const { bytes, memory, kernel, ctl } = sharedGemm(helpers);
  const workers = Array.from({ length: helpers }, (_, index) => {
    const w = new Worker(WORKER, { eval: true, workerData: { bytes, memory, ctl, index, slots: SLOTS } });
    w.unref();
    return w;
  });
  const pool = new GemmThreads(kernel, ctl, helpers);
  useGemmThreads(pool);
  return () => {
    useGemmThreads(null);
    pool.stop();
    for (const w of workers) void w.terminate();
  };
}
