/**
 * Node: start helper threads (worker_threads) for the CPU matmul and make it use them
 * (gemm-threads.ts says how the work is split and why the result does not change).
 *   const stop = startGemmThreads(2); ... stop();
 * Helpers are unref'd: a process that forgets to stop them still exits.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { useGemmThreads } from './gemm';
import { sharedGemm } from './gemm-shared';
import { GemmThreads, HELPER_LOOP, SLOTS } from './gemm-threads';

const WORKER = `
const { workerData } = require('node:worker_threads');
${HELPER_LOOP}
const { module, memory, ctl, index, slots } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } });
helperLoop(inst.exports, new Int32Array(ctl, index * slots * 4, slots), memory);
`;

/**
 * The kernels' module compiled by V8's optimizing tier (TurboFan) at once, not first by its baseline
 * (Liftoff) with a later tier-up. With the tier-up, about one process in three ran the products ~15%
 * slower for its whole life (paper model, 2 threads: 93-98 against 77-81 ms a step, 2026-12-05 20:36 UTC,
 * load 0.4-0.5; the same with node --no-liftoff: 6 runs of 6 fast; with this, 10 of 10, though a slow
 * process was seen again later: at most part of the cause). The flag is read when a module is
 * compiled, so it is set for this one compile and put back; the helpers get this compiled module.
 */
function compileOptimized(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  setFlagsFromString('--no-liftoff');
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString('--liftoff');
  }
}

/** Run the matmul on `threads` threads in all (this one and threads - 1 helpers). Returns a stop function. */
export function startGemmThreads(threads: number): () => void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a whole number ≥ 1, got ${threads}`);
  if (threads === 1) {
    useGemmThreads(null);
    return () => {};
  }
  const helpers = threads - 1;
  const { module, memory, kernel, ctl } = sharedGemm(helpers, compileOptimized);
  const workers = Array.from({ length: helpers }, (_, index) => {
    const w = new Worker(WORKER, { eval: true, workerData: { module, memory, ctl, index, slots: SLOTS } });
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
