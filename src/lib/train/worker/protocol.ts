/**
 * The typed message protocols between the page and its workers: the training worker (train.worker.ts)
 * and, on the WebGPU path, the analysis worker (analysis.worker.ts).
 * Every request carries an id; the worker answers each with exactly one Response of the same id,
 * in order. The page keeps at most one 'steps' request in flight, so pausing is just not sending the
 * next one, and the worker never runs ahead of what the page has asked for.
 */
import type { TrainConfig } from '../run/config';
import type { LiveSnapshot, SnapshotInput } from '../browser/snapshot';
import type { StepsResult } from '../browser/engine';

export type Request =
  // threads: for the CPU twin's matmul (gemm-threads.ts); the worker starts them once, on the first init or resume.
  | { id: number; kind: 'init'; config: TrainConfig; threads?: number }
  | { id: number; kind: 'resume'; state: ArrayBuffer; threads?: number }
  | { id: number; kind: 'steps'; n: number }
  | { id: number; kind: 'state' }
  | { id: number; kind: 'snapshot' }
  | { id: number; kind: 'evaluate' }
  | { id: number; kind: 'export' }
  | { id: number; kind: 'dispose' };

type RequestKind = Request['kind'];

/** What each request kind answers with. */
export interface Results {
  /** threads: how many the matmul runs on (1 where helpers could not start). */
  init: { step: number; threads: number };
  resume: { step: number; threads: number };
  steps: StepsResult & { ms: number };
  state: { state: ArrayBuffer };
  snapshot: LiveSnapshot;
  evaluate: { logits: Float32Array; mlpPost: Float32Array };
  export: { onnx: Uint8Array };
  dispose: null;
}

/** One answer per request, of the same id. */
export type WorkerResponse<R> = { id: number; ok: true; result: R } | { id: number; ok: false; error: string };
export type Response = WorkerResponse<Results[RequestKind]>;

/**
 * The analysis worker: the WebGPU session reads logits, MLP activations and W_E back from the GPU and
 * transfers them here (its arrays are detached on the page); the worker answers with the snapshot.
 */
export type AnalysisRequest = { id: number; kind: 'snapshot'; input: SnapshotInput };
export interface AnalysisResults {
  snapshot: LiveSnapshot;
}

