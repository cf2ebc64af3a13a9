// What the CLI needs from a training run, independent of the backend. The
// engine-specific construction lives in ./modadd-session.ts.
import type { Weights } from '../../src/lib/analysis/types';
import type { RunConfig } from '../../src/lib/train/run/config';

export interface EvalOutputs {
  /** [p*p, d_vocab], row a*p+b. */
  logits: Float32Array;
  /** [p*p, d_mlp], final-position ReLU activations. */
  mlpPost: Float32Array;
}

export interface TrainSession {
  readonly config: RunConfig;
  /** Steps taken so far. */
  readonly step: number;
  /** One full-batch AdamW step; returns the training loss before the update. */
  trainStep(): Promise<number>;
  evaluateAllPairs(): Promise<EvalOutputs>;
  weights(): Promise<Weights>;
  /** Everything needed to continue bit-for-bit: params, AdamW moments, step. */
  saveState(): Promise<Uint8Array>;
  /** p*p bits, LSB-first, bit a*p+b set for training pairs. */
  readonly trainBitset: Uint8Array;
  dispose(): void;
}
