/**
 * The typed message protocol between the page and the training worker (train.worker.ts).
 * Every request carries an id; the worker answers each with exactly one Response of the same id,
 * in order. The page keeps at most one 'steps' request in flight, so pausing is just not sending the
 * next one, and the worker never runs ahead of what the page has asked for.
 */
import type { TrainConfig } from '../types';
import type { LiveSnapshot } from '../browser/snapshot';
import type { StepsResult } from '../browser/engine';

export type Request =
  | { id: number; kind: 'init'; config: TrainConfig }
  | { id: number; kind: 'resume'; state: ArrayBuffer }
  | { id: number; kind: 'steps'; n: number }
  | { id: number; kind: 'state' }
  | { id: number; kind: 'snapshot' }
  | { id: number; kind: 'evaluate' }
  | { id: number; kind: 'export' }
  | { id: number; kind: 'dispose' };

export type RequestKind = Request['kind'];

/** What each request kind answers with. */
export interface Results {
  init: { step: number };
  resume: { step: number };
  steps: StepsResult & { ms: number };
  state: { state: ArrayBuffer };
  snapshot: LiveSnapshot;
  evaluate: { logits: Float32Array; mlpPost: Float32Array };
  export: { onnx: Uint8Array };
  dispose: null;
}

export type Response =
  | { id: number; ok: true; kind: RequestKind; result: Results[RequestKind] }
  | { id: number; ok: false; error: string };

