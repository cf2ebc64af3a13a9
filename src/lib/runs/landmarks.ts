// The landmarks of a grokking run, one definition for every run they are read from: ours, the PyTorch
// peer's (scripts/peer) and, where reported, the paper's. The appendix sets them side by side.
//   fit          first logged step with train accuracy 100%
//   testPeak     the highest test loss, and its step
//   restricted1  first logged step with restricted loss < 1;  restricted01: < 0.1
//   excludedPeak the highest excluded loss, and its step
//   grokked      first logged step with test accuracy > 99%
//   weightNorm   total sum of squared weights at the first and the last logged step
//   nKeyFreqs    number of key frequencies at the last logged step
import type { MetricRow } from './types';

export type LandmarkRow = Pick<MetricRow, 'step' | 'trainAcc' | 'testAcc' | 'testLoss' | 'weightNorm'> &
  Partial<Pick<MetricRow, 'restrictedLoss' | 'excludedLoss' | 'keyFreqs'>>;

export interface Landmarks {
  fit: number | null;
  testPeak: { step: number; value: number } | null;
  restricted1: number | null;
  restricted01: number | null;
  excludedPeak: { step: number; value: number } | null;
  grokked: number | null;
  weightNorm: { first: number; last: number } | null;
  nKeyFreqs: number | null;
  lastStep: number | null;
}

function first(rows: readonly LandmarkRow[], f: (r: LandmarkRow) => boolean): number | null {
  return rows.find(f)?.step ?? null;
}

function peak(rows: readonly LandmarkRow[], get: (r: LandmarkRow) => number | undefined): { step: number; value: number } | null {
  let best: { step: number; value: number } | null = null;
  for (const r of rows) {
    const v = get(r);
    if (v !== undefined && Number.isFinite(v) && (best === null || v > best.value)) best = { step: r.step, value: v };
  }
  return best;
}

export function landmarks(rows: readonly LandmarkRow[]): Landmarks {
  const last = rows.at(-1);
  return {
    fit: first(rows, (r) => r.trainAcc >= 1),
    testPeak: peak(rows, (r) => r.testLoss),
    restricted1: first(rows, (r) => (r.restrictedLoss ?? NaN) < 1),
    restricted01: first(rows, (r) => (r.restrictedLoss ?? NaN) < 0.1),
    excludedPeak: peak(rows, (r) => r.excludedLoss),
    grokked: first(rows, (r) => r.testAcc > 0.99),
    weightNorm: rows.length ? { first: rows[0].weightNorm, last: last!.weightNorm } : null,
    nKeyFreqs: last?.keyFreqs ? last.keyFreqs.length : null,
    lastStep: last?.step ?? null,
  };
}
