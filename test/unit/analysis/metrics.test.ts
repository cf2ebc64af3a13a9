import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/lib/analysis/metrics';
import { allPairsTokens, cpuForward } from '../../../src/lib/analysis/forward';
import { createBitset, decodeBitset, setBit, countBits } from '../../../src/lib/analysis/bitset';
import { lossAndAccuracy } from '../../../src/lib/analysis/loss';
import { sumSquaredWeights } from '../../../src/lib/analysis/weight-norm';
import { randomWeights, tinyDims } from '../onnx/random-weights';

describe('computeMetrics', () => {
  it('returns the logged fields with consistent values for a random tiny model', () => {
    const dims = tinyDims(11);
    const w = randomWeights(dims, 4);
    const p = dims.p;
    const out = cpuForward(w, allPairsTokens(p), p * p);
    const train = createBitset(p * p);
    for (let i = 0; i < p * p; i += 3) setBit(train, i);
    const { metrics, analysis, details } = computeMetrics({ weights: w, logits: out.logits, mlpPost: out.mlpPost, trainBits: train });

    expect(Object.keys(metrics).sort()).toEqual(
      ['excludedLoss', 'giniWE', 'giniWL', 'keyFreqs', 'restrictedLoss', 'testAcc', 'testLoss', 'trainAcc', 'trainLoss', 'weightNorm'].sort(),
    );
    expect(Object.keys(analysis).sort()).toEqual(['correct', 'fourierWE', 'fourierWL', 'keyFreqs', 'neuronFreq'].sort());
    expect(metrics.trainLoss).toBeCloseTo(lossAndAccuracy(out.logits, p, p + 1, train).loss, 12);
    expect(metrics.weightNorm).toBeCloseTo(sumSquaredWeights(w), 6);
    expect(analysis.fourierWE).toHaveLength((p + 1) / 2);
    expect(analysis.fourierWL).toHaveLength((p + 1) / 2);
    expect(analysis.neuronFreq).toHaveLength(dims.d_mlp);
    expect(details.neuronFrac).toHaveLength(dims.d_mlp);
    // At random init no neuron is a clean single frequency, so no key frequencies, and then
    // excluded loss = train loss over p classes and restricted loss = CE of the mean logits.
    expect(metrics.keyFreqs).toEqual([]);
    expect(metrics.giniWE).toBeGreaterThan(0);
    expect(metrics.giniWE).toBeLessThan(0.5);
    const correct = decodeBitset(analysis.correct, p * p);
    const acc = lossAndAccuracy(out.logits, p, p + 1, createBitset(p * p), false).accuracy;
    expect(countBits(correct, p * p) / (p * p)).toBeCloseTo(acc, 12);
    // Forcing loss frequencies changes restricted loss but not the detected key frequencies.
    const forced = computeMetrics({ weights: w, logits: out.logits, mlpPost: out.mlpPost, trainBits: train }, { lossFreqs: [1, 2] });
    expect(forced.metrics.keyFreqs).toEqual([]);
    expect(forced.details.lossFreqs).toEqual([1, 2]);
    expect(forced.metrics.restrictedLoss).not.toBeCloseTo(metrics.restrictedLoss, 6);
  });

  it('rejects logits of the wrong size', () => {
    const w = randomWeights(tinyDims(7), 1);
    expect(() => computeMetrics({ weights: w, logits: new Float32Array(3), mlpPost: new Float32Array(0), trainBits: createBitset(49) })).toThrow(
      /logits: expected 392/,
    );
    const out = cpuForward(w, allPairsTokens(7), 49);
    expect(() => computeMetrics({ weights: w, logits: out.logits, mlpPost: out.mlpPost, trainBits: createBitset(48 * 8 + 8) })).toThrow(
      /trainBits: expected 7 bytes for p=7, got 49/,
    );
  });
});
