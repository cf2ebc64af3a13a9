import { describe, expect, it } from 'vitest';
import { fourierBasis, fourierBasisNames, nFrequencies } from '../../../src/lib/analysis/fourier';
import { frequencyNorms } from '../../../src/lib/analysis/fourier-norms';

describe('fourierBasis', () => {
  for (const p of [3, 7, 13, 113]) {
    it(`is orthonormal for p=${p}`, () => {
      const B = fourierBasis(p);
      let worst = 0;
      for (let r = 0; r < p; r++)
        for (let s = 0; s < p; s++) {
          let dot = 0;
          for (let x = 0; x < p; x++) dot += B[r * p + x] * B[s * p + x];
          worst = Math.max(worst, Math.abs(dot - (r === s ? 1 : 0)));
        }
      expect(worst).toBeLessThan(1e-12);
    });
  }
  it('orders rows const, cos 1, sin 1, …', () => {
    const p = 7;
    const B = fourierBasis(p);
    expect(B[0]).toBeCloseTo(1 / Math.sqrt(7), 12);
    expect(B[1 * p + 1] / B[1 * p + 0]).toBeCloseTo(Math.cos((2 * Math.PI) / 7), 12); // cos 1
    expect(B[2 * p + 0]).toBe(0); // sin 1 at x=0
    expect(fourierBasisNames(p)).toEqual(['const', 'cos 1', 'sin 1', 'cos 2', 'sin 2', 'cos 3', 'sin 3']);
    expect(nFrequencies(p)).toBe(4);
  });
  it('rejects even p', () => {
    expect(() => fourierBasis(8)).toThrow(/invalid p: 8/);
  });
});

describe('frequencyNorms', () => {
  it('puts a pure frequency-k embedding in bucket k, with its norm', () => {
    const p = 11, cols = 3, k = 4;
    const data = new Float32Array((p + 1) * cols); // an extra ('=') row that must be ignored
    for (let x = 0; x < p; x++) {
      data[x * cols] = Math.cos((2 * Math.PI * k * x) / p);
      data[x * cols + 1] = 2 * Math.sin((2 * Math.PI * k * x) / p);
      data[x * cols + 2] = 0.5;
    }
    for (let c = 0; c < cols; c++) data[p * cols + c] = 100;
    const n = frequencyNorms(data, p, cols);
    expect(n.length).toBe(6);
    let total = 0;
    for (let x = 0; x < p * cols; x++) total += data[x] ** 2;
    let sum = 0;
    for (const v of n) sum += v * v;
    expect(sum).toBeCloseTo(total, 4); // Parseval over the first p rows only
    expect(n[0]).toBeCloseTo(0.5 * Math.sqrt(p), 5);
    expect(n[k] ** 2).toBeCloseTo((p / 2) * (1 + 4), 4);
    for (const j of [1, 2, 3, 5]) expect(n[j]).toBeLessThan(1e-5);
  });
});
