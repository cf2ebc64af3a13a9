import { describe, expect, it } from 'vitest';
import { landmarks, type LandmarkRow } from '../../../src/lib/runs/landmarks';

const row = (step: number, o: Partial<LandmarkRow>): LandmarkRow => ({
  step, trainAcc: 0, testAcc: 0, testLoss: 5, weightNorm: 100, restrictedLoss: 4, excludedLoss: 0.1, keyFreqs: [], ...o,
});

describe('landmarks', () => {
  it('reads each landmark at the first step it holds, peaks at their maximum', () => {
    const rows = [
      row(0, { weightNorm: 1800 }),
      row(100, { trainAcc: 0.999 }),
      row(200, { trainAcc: 1, testLoss: 30 }),
      row(300, { trainAcc: 1, testLoss: 20, restrictedLoss: 0.9, excludedLoss: 3 }),
      row(400, { trainAcc: 1, testLoss: 1, restrictedLoss: 0.05, excludedLoss: 8 }),
      row(500, { trainAcc: 1, testAcc: 0.995, testLoss: 0.01, restrictedLoss: 0.01, excludedLoss: 6, weightNorm: 700, keyFreqs: [3, 9, 14] }),
    ];
    expect(landmarks(rows)).toEqual({
      fit: 200,
      testPeak: { step: 200, value: 30 },
      restricted1: 300,
      restricted01: 400,
      excludedPeak: { step: 400, value: 8 },
      grokked: 500,
      weightNorm: { first: 1800, last: 700 },
      nKeyFreqs: 3,
      lastStep: 500,
    });
  });

  it('gives null for what a run never reaches or never logs', () => {
    const rows = [row(0, {}), row(10, { restrictedLoss: undefined, excludedLoss: undefined, keyFreqs: undefined })];
    const l = landmarks(rows);
    expect(l.fit).toBeNull();
    expect(l.grokked).toBeNull();
    expect(l.restricted1).toBeNull();
    expect(l.nKeyFreqs).toBeNull();
    expect(l.excludedPeak).toEqual({ step: 0, value: 0.1 });
    expect(landmarks([])).toMatchObject({ fit: null, testPeak: null, weightNorm: null, lastStep: null });
  });
});
