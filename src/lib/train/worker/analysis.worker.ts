/// <reference lib="webworker" />
/**
 * The analysis Web Worker of the WebGPU path: turns what the GPU session read back (all-pairs logits,
 * final-position MLP activations, W_E) into the figure's snapshot (liveSnapshot: losses, key
 * frequencies, restricted loss, Fourier spectrum of W_E, correct pairs), so none of that runs on the
 * main thread. Requests are synchronous and answered in arrival order; the bitset is transferred back.
 */
import { liveSnapshot } from '../browser/snapshot';
import type { AnalysisRequest, AnalysisResults, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (ev: MessageEvent<AnalysisRequest>) => {
  const req = ev.data;
  let msg: WorkerResponse<AnalysisResults['snapshot']>;
  let transfer: Transferable[] = [];
  try {
    const s = liveSnapshot(req.input);
    msg = { id: req.id, ok: true, result: s };
    transfer = [s.correct.buffer];
  } catch (e) {
    msg = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(msg, transfer);
};
