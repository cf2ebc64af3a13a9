/**
 * A training session the figure drives, whatever runs it: WebGPU on the main thread (gpu-session.ts)
 * or the CPU twin in a Web Worker (worker-session.ts). One call at a time; the figure awaits each.
 */
import type { TrainConfig } from '../run/config';
import type { StepsResult } from './engine';
import type { LiveSnapshot } from './snapshot';

export type SessionKind = 'webgpu' | 'worker';

export interface TimedSteps extends StepsResult {
  /** Wall time of the call. */
  ms: number;
  /** Of which the main thread was busy (enqueueing WebGPU work); 0 for the worker. */
  blockMs: number;
}

export interface TrainSession {
  readonly kind: SessionKind;
  /** For the reader: "WebGPU (…)" or "CPU, in a Web Worker". */
  readonly label: string;
  /** Threads the CPU twin's matmul runs on (the worker path, once init or resume has answered); 1 on WebGPU. */
  readonly threads: number;
  /** A fresh seeded model for this config (replaces the previous one). */
  init(config: TrainConfig): Promise<void>;
  /** Continue from a saved training state (ModAddTrainer.saveState) instead of a fresh model. */
  resume(state: ArrayBuffer): Promise<void>;
  steps(n: number): Promise<TimedSteps>;
  snapshot(): Promise<LiveSnapshot>;
  /** [p^2, d_vocab] logits of all pairs, for tests against the exported ONNX. */
  evaluate(): Promise<{ logits: Float32Array }>;
  exportOnnx(): Promise<Uint8Array>;
  /** The full training state (params + AdamW moments + step), or null if it cannot be read (lost device). */
  saveState(): Promise<ArrayBuffer | null>;
  dispose(): void;
}
