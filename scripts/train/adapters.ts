// The two pieces of shared library code the trainer calls at log and checkpoint
// steps: the analysis (the same code the page runs) and the ONNX exporter.
import type { RunConfig } from '../../src/lib/train/run/config';
import { computeMetrics, type StepMetrics, type CheckpointAnalysis } from '../../src/lib/analysis/metrics';
import { decomposeLogits, excludedLossFrom, restrictedLossFrom } from '../../src/lib/analysis/progress-losses';
import { exportTransformer } from '../../src/lib/train/onnx';
import type { EvalOutputs, Weights } from './session';

export type LoggedMetrics = StepMetrics;

export interface MeasureOptions {
  /** Frequencies for restricted/excluded loss (the final run's key frequencies, once known). */
  lossFreqs?: readonly number[];
}

export function measure(config: RunConfig, weights: Weights, out: EvalOutputs, trainBits: Uint8Array, opts: MeasureOptions = {}): LoggedMetrics {
  return computeMetrics({ weights, logits: out.logits, mlpPost: out.mlpPost, trainBits }, { lossFreqs: opts.lossFreqs }).metrics;
}

export function analyseCheckpoint(config: RunConfig, weights: Weights, out: EvalOutputs, trainBits: Uint8Array): CheckpointAnalysis {
  return computeMetrics({ weights, logits: out.logits, mlpPost: out.mlpPost, trainBits }).analysis;
}

export function exportOnnx(config: RunConfig, weights: Weights): Uint8Array {
  return exportTransformer(weights, { p: config.p, ...config.model });
}

/** Restricted and excluded loss of one step's logits for the given frequencies. */
export function progressLosses(config: RunConfig, logits: Float32Array, trainBits: Uint8Array, freqs: readonly number[]): { restrictedLoss: number; excludedLoss: number } {
  const dec = decomposeLogits(logits, config.p, config.p + 1);
  return { restrictedLoss: restrictedLossFrom(dec, freqs), excludedLoss: excludedLossFrom(dec, logits, freqs, trainBits) };
}
