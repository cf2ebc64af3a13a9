/**
 * The run as a downloadable JSON document, and the shipped run's metrics.jsonl parsed for comparison.
 * The export keeps the field names of models/<run-id>/metrics.jsonl (src/lib/runs/types.ts, MetricRow) for what the figure computes (trainLoss,
 * testLoss, trainAcc, testAcc, restrictedLoss, keyFreqs) so the same tools read both.
 */
import { encodeBitset } from '../../analysis';
import type { TrainConfig } from '../run/config';
import type { LiveSnapshot } from './snapshot';

export interface LiveMetricsDoc {
  schema: 'grokking-gradually/train-live@1';
  config: TrainConfig;
  backend: string;
  step: number;
  /** Training loss after each batch of steps (cheap: one number read per batch). */
  batchLoss: { step: number; loss: number }[];
  metrics: Array<Omit<LiveSnapshot, 'correct' | 'fourierWE'>>;
  final: { step: number; fourierWE: number[]; correct: string; predictions: number[] } | null;
}

export function metricsDoc(
  config: TrainConfig, backend: string, batchLoss: { step: number; loss: number }[], snaps: LiveSnapshot[],
  predictions: number[] | null,
): LiveMetricsDoc {
  const last = snaps.at(-1);
  return {
    schema: 'grokking-gradually/train-live@1',
    config, backend, step: last?.step ?? 0, batchLoss,
    metrics: snaps.map(({ correct: _c, fourierWE: _f, ...m }) => m),
    final: last ? { step: last.step, fourierWE: last.fourierWE, correct: encodeBitset(last.correct), predictions: predictions ?? [] } : null,
  };
}

/** argmax over d_vocab per row of [n, dVocab] logits. */
export function argmaxRows(logits: Float32Array, dVocab: number): number[] {
  const out: number[] = [];
  for (let r = 0; r * dVocab < logits.length; r++) {
    let best = 0;
    for (let c = 1; c < dVocab; c++) if (logits[r * dVocab + c] > logits[r * dVocab + best]) best = c;
    out.push(best);
  }
  return out;
}

export interface ShippedPoint {
  step: number;
  trainLoss: number;
  testLoss: number;
  restrictedLoss: number;
  testAcc: number;
}

/** metrics.jsonl text → points (lines that are not objects with a numeric step are an error). */
export function parseShippedMetrics(text: string): ShippedPoint[] {
  return text.split('\n').filter((l) => l.trim()).map((l, i) => {
    const o = JSON.parse(l) as Partial<ShippedPoint>;
    if (typeof o.step !== 'number') throw new Error(`invalid metrics line ${i + 1}: no step`);
    return { step: o.step, trainLoss: Number(o.trainLoss), testLoss: Number(o.testLoss), restrictedLoss: Number(o.restrictedLoss), testAcc: Number(o.testAcc) };
  });
}

/** Largest |live - shipped| test loss and test accuracy over the steps both have. */
export function compareWithShipped(snaps: readonly LiveSnapshot[], shipped: readonly ShippedPoint[]): { steps: number; maxLoss: number; maxAcc: number } {
  const byStep = new Map(shipped.map((s) => [s.step, s]));
  let steps = 0, maxLoss = 0, maxAcc = 0;
  for (const s of snaps) {
    const o = byStep.get(s.step);
    if (!o) continue;
    steps++;
    maxLoss = Math.max(maxLoss, Math.abs(s.testLoss - o.testLoss));
    maxAcc = Math.max(maxAcc, Math.abs(s.testAcc - o.testAcc));
  }
  return { steps, maxLoss, maxAcc };
}
