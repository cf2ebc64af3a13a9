import { describe, expect, it } from 'vitest';
import { clusterMembers, fourierPower2D, neuronTable, pickNeurons } from '../../../src/lib/analysis/neurons';
import { clusterSizes, compareKeyFreqs, keyShare } from '../../../src/lib/runs/algorithm';

describe('neuron helpers', () => {
  it('picks one neuron per cluster, key frequencies first, never an "other" neuron', () => {
    const freq = [0, 4, 3, 3, 9, 4, 0, 7, 7, 7];
    expect(pickNeurons(freq, [3, 4, 9], 4)).toEqual([
      { neuron: 2, freq: 3 },
      { neuron: 1, freq: 4 },
      { neuron: 4, freq: 9 },
      { neuron: 7, freq: 7 },
    ]);
    expect(pickNeurons(freq, [3, 4, 9], 2)).toHaveLength(2);
    expect(pickNeurons([0, 0], [1])).toEqual([]);
    expect(clusterMembers(freq, 7)).toEqual([7, 8, 9]);
  });

  it('reads one neuron’s column out of mlp_post rows', () => {
    const p = 3;
    const d = 2;
    const post = Float32Array.from({ length: p * p * d }, (_, i) => i);
    expect(Array.from(neuronTable(post, p, d, 1))).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17]);
  });

  it('puts a single-frequency neuron’s 2-D Fourier power in (k,0), (0,k), (k,k)', () => {
    const p = 31;
    const k = 4;
    const w = (2 * Math.PI * k) / p;
    // ReLU of a sum of an a-term and a b-term, as in the paper's neurons (plus the product cos·cos).
    const table = new Float32Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) table[a * p + b] = Math.cos(w * a) + Math.cos(w * b) + Math.cos(w * a) * Math.cos(w * b);
    const pw = fourierPower2D(table, p);
    expect(pw.best).toBe(k);
    expect(pw.bestShare).toBeGreaterThan(0.999);
    const n = pw.n;
    expect(pw.share[k * n]).toBeGreaterThan(0.2);
    expect(pw.share[k]).toBeGreaterThan(0.2);
    expect(pw.share[k * n + k]).toBeGreaterThan(0.05);
    expect(pw.share.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
  });

  it('gives an unstructured table no dominant frequency', () => {
    const p = 31;
    let s = 1;
    const table = Float32Array.from({ length: p * p }, () => ((s = (s * 16807) % 2147483647) / 2147483647));
    expect(fourierPower2D(table, p).bestShare).toBeLessThan(0.3);
  });
});

describe('chapter facts', () => {
  it('keyShare: the share of squared norm in the key frequencies, ignoring the constant', () => {
    expect(keyShare([100, 3, 4, 0], [2])).toBeCloseTo(16 / 25, 12);
    expect(keyShare([1, 0, 0], [1])).toBeNaN();
  });
  it('clusterSizes and compareKeyFreqs', () => {
    expect(clusterSizes([0, 3, 3, 0, 9])).toEqual([[0, 2], [3, 2], [9, 1]]);
    expect(compareKeyFreqs([3, 14], [14, 35])).toEqual({ shared: [14], onlyOurs: [3], onlyPaper: [35] });
  });
});
