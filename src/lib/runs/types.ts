// Shapes of a shipped run as the site uses it (models/<run-id>/, as scripts/train/run-writer.ts writes it). Pure types: shared by
// the build-time loader (load.node.ts), the facts API (facts.ts) and the widgets' props.
import type { RunManifest } from './manifest';

/** One line of metrics.jsonl. Progress measures are NaN in runs logged with analysis 'basic'. */
export interface MetricRow {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  restrictedLoss: number;
  excludedLoss: number;
  /** Total sum of squared weights, all parameters. */
  weightNorm: number;
  giniWE: number;
  giniWL: number;
  keyFreqs: number[];
}

/** analysis/step-XXXXXX.json, with `correct` kept as base64 (decode with decodeBitset(…, p²)). */
export interface CheckpointRecord {
  step: number;
  fourierWE: number[];
  fourierWL: number[];
  neuronFreq: number[];
  keyFreqs: number[];
  correct: string;
}

export interface RunData {
  id: string;
  manifest: RunManifest;
  metrics: MetricRow[];
  /** One per manifest checkpoint, same order (empty for metrics-only runs). */
  checkpoints: CheckpointRecord[];
}

/**
 * Phase boundaries (steps), each null when the run has not reached it. See phases.ts for the rule.
 *   [0, memorizationEnd)            memorization
 *   [memorizationEnd, cleanupStart) circuit formation
 *   [cleanupStart, grokked]         cleanup
 */
export interface Phases {
  /** First logged step with train accuracy ≥ 99.9%. */
  fit: number | null;
  memorizationEnd: number | null;
  cleanupStart: number | null;
  /** First logged step with test accuracy ≥ 99%. */
  grokked: number | null;
}
