/// <reference lib="webworker" />
/**
 * The training Web Worker: the CPU twin (WASM SIMD matmul) runs LiveEngine off the main thread, its
 * matmul split across helper workers where the page is cross-origin isolated (bit-identical results).
 * Requests are handled strictly one at a time in arrival order (a promise chain), so a 'snapshot'
 * sent after a 'steps' sees the weights after those steps. Large arrays are transferred, not copied.
 */
import { CpuBackend } from '../cpu/backend';
import { startGemmThreads } from '../cpu/wasm/gemm-pool.browser';
import { gemmThreadCount } from '../cpu/wasm/gemm';
import { LiveEngine } from '../browser/engine';
import { ModAddTrainer } from '../trainer';
import type { Request, Response, Results } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let engine: LiveEngine | null = null;
let chain: Promise<void> = Promise.resolve();
let threadsStarted: Promise<unknown> | null = null;

/** The matmul's helper threads, started once; where they cannot start it stays on this thread. */
async function threads(n: number | undefined): Promise<number> {
  threadsStarted ??= startGemmThreads(n ?? 1);
  await threadsStarted;
  return gemmThreadCount();
}

function need(): LiveEngine {
  if (!engine) throw new Error('the worker has no model: send init first');
  return engine;
}

async function handle(req: Request): Promise<{ result: Results[Request['kind']]; transfer: Transferable[] }> {
  switch (req.kind) {
    case 'init': {
      engine?.dispose();
      const n = await threads(req.threads);
      engine = LiveEngine.create(req.config, new CpuBackend());
      return { result: { step: 0, threads: n }, transfer: [] };
    }
    case 'resume': {
      engine?.dispose();
      const n = await threads(req.threads);
      engine = LiveEngine.wrap(ModAddTrainer.fromState(req.state, new CpuBackend()));
      return { result: { step: engine.step, threads: n }, transfer: [] };
    }
    case 'state': {
      const state = await need().trainer.saveState();
      return { result: { state }, transfer: [state] };
    }
    case 'steps': {
      const t0 = performance.now();
      const r = await need().steps(req.n);
      return { result: { ...r, ms: performance.now() - t0 }, transfer: [] };
    }
    case 'snapshot': {
      const s = await need().snapshot();
      return { result: s, transfer: [s.correct.buffer] };
    }
    case 'evaluate': {
      const e = await need().evaluate();
      return { result: e, transfer: [e.logits.buffer, e.mlpPost.buffer] };
    }
    case 'export': {
      const onnx = await need().exportOnnx();
      return { result: { onnx }, transfer: [onnx.buffer] };
    }
    case 'dispose': {
      engine?.dispose();
      engine = null;
      return { result: null, transfer: [] };
    }
  }
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  chain = chain.then(async () => {
    let msg: Response;
    let transfer: Transferable[] = [];
    try {
      const r = await handle(req);
      msg = { id: req.id, ok: true, result: r.result };
      transfer = r.transfer;
    } catch (e) {
      msg = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    self.postMessage(msg, transfer);
  });
};
