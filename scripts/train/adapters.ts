// The two pieces of shared library code the trainer calls at log and checkpoint
// steps: the analysis (the same code the page runs) and the ONNX exporter.
import type { RunConfig } from '../../src/lib/train/run/config';
import { computeMetrics, type StepMetrics, type CheckpointAnalysis } from '../../src/lib/analysis/metrics';
import { decomposeLogits, excludedLossFrom, restrictedLossFrom } from '../../src/lib/analysis/progress-losses';
import { exportTransformer } from '../../src/lib/train/onnx';
import type { Weights } from '../../src/lib/analysis/types';
import type { EvalOutputs } from './session';

export type LoggedMetrics = StepMetrics;

interface MeasureOptions {
  /** Frequencies for restricted/excluded loss (the final run's key frequencies, once known). */
  lossFreqs?: readonly number[];
}

/** The logged metrics and the per-checkpoint analysis of one step, from one pass of the analysis code. */
export function measure(weights: Weights, out: EvalOutputs, trainBits: Uint8Array, opts: MeasureOptions = {}): { metrics: LoggedMetrics; analysis: CheckpointAnalysis } {
  const r = computeMetrics({ weights, logits: out.logits, mlpPost: out.mlpPost, trainBits }, { lossFreqs: opts.lossFreqs });
  return { metrics: r.metrics, analysis: r.analysis };
}

/**
 * Checkpoints store fp16 weights, cast to fp32 inside the graph: half the bytes, so about 80
 * checkpoints of the main run fit the models/ budget; the arithmetic stays fp32 and logits move
 * by about 4e-4 relative (test/unit/onnx states the tolerance).
 */
export function exportOnnx(config: RunConfig, weights: Weights, metadata: Record<string, string>): Uint8Array {
  return exportTransformer(weights, { p: config.p, ...config.model }, { weightType: 'float16', metadata });
}

/** Restricted and excluded loss of one step's logits for the given frequencies. */
export function progressLosses(config: RunConfig, logits: Float32Array, trainBits: Uint8Array, freqs: readonly number[]): { restrictedLoss: number; excludedLoss: number } {
  const dv = config.model.d_vocab_out ?? config.p + 1; // the logits' width: W_U's columns
  if (logits.length !== config.p * config.p * dv) throw new Error(`progressLosses: ${logits.length} logits for [${config.p ** 2}, ${dv}]`);
  const dec = decomposeLogits(logits, config.p, dv);
  return { restrictedLoss: restrictedLossFrom(dec, freqs), excludedLoss: excludedLossFrom(dec, logits, freqs, trainBits) };
}
