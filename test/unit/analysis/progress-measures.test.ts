// Synthetic circuits with known frequencies: the analysis must find them, and the fast restricted/excluded
// losses must equal a literal transcription of the paper's projections (explicit p²-long direction vectors).
import { describe, expect, it } from 'vitest';
import { fourierBasis } from '../../../src/lib/analysis/fourier';
import { keyFrequencies, neuronFrequencies } from '../../../src/lib/analysis/key-frequencies';
import { cosSumDirection, sinSumDirection } from '../../../src/lib/analysis/trig-directions';
import { excludedLoss, restrictedLoss } from '../../../src/lib/analysis/progress-losses';
import { rowCrossEntropy } from '../../../src/lib/analysis/loss';
import { createBitset, getBit, setBit } from '../../../src/lib/analysis/bitset';
import { normalSource } from '../onnx/random-weights';

const p = 13;
const KEYS = [2, 5];
const w = (k: number) => (2 * Math.PI * k) / p;

/** Logits [p², p+1]: Σ_k α cos(w_k(a+b−c)) + small noise; '=' column low. */
function circuitLogits(alpha: number, noise: number, seed = 3): Float32Array {
  const rn = normalSource(seed);
  const dv = p + 1;
  const L = new Float32Array(p * p * dv);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      const o = (a * p + b) * dv;
      for (let c = 0; c < p; c++) {
        let v = noise * rn();
        for (const k of KEYS) v += alpha * Math.cos(w(k) * (a + b - c));
        L[o + c] = v;
      }
      L[o + p] = -10;
    }
  return L;
}

/** A fixed pseudo-random 30% of the pairs. */
function trainSet(): Uint8Array {
  const bits = createBitset(p * p);
  for (let i = 0; i < p * p; i++) if ((i * 7919) % 10 < 3) setBit(bits, i);
  return bits;
}

/** The paper's computation, literally: project each column on explicit unit vectors, then CE. */
function paperLosses(L: Float32Array, freqs: number[], train: Uint8Array) {
  const dv = p + 1, n = p * p;
  const B = fourierBasis(p);
  const trig = new Float64Array(n * p);
  for (const k of freqs)
    for (const u of [cosSumDirection(p, k, B), sinSumDirection(p, k, B)])
      for (let c = 0; c < p; c++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += u[i] * L[i * dv + c];
        for (let i = 0; i < n; i++) trig[i * p + c] += u[i] * dot;
      }
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) mean[c] += (L[i * dv + c] - trig[i * p + c]) / n;
  let restricted = 0, excluded = 0, nTrain = 0;
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const y = ((i / p | 0) + (i % p)) % p;
    for (let c = 0; c < p; c++) row[c] = trig[i * p + c] + mean[c];
    restricted += rowCrossEntropy(row, 0, p, y) / n;
    if (getBit(train, i)) {
      for (let c = 0; c < p; c++) row[c] = L[i * dv + c] - trig[i * p + c];
      excluded += rowCrossEntropy(row, 0, p, y);
      nTrain++;
    }
  }
  return { restricted, excluded: excluded / nTrain };
}

describe('trig directions', () => {
  it('are unit vectors equal to √2/p·cos/sin(w(a+b))', () => {
    const u = cosSumDirection(p, 3), v = sinSumDirection(p, 3);
    let nu = 0, nv = 0, dot = 0;
    for (let i = 0; i < p * p; i++) { nu += u[i] ** 2; nv += v[i] ** 2; dot += u[i] * v[i]; }
    expect(nu).toBeCloseTo(1, 12);
    expect(nv).toBeCloseTo(1, 12);
    expect(dot).toBeCloseTo(0, 12);
    expect(u[2 * p + 4]).toBeCloseTo((Math.SQRT2 / p) * Math.cos(w(3) * 6), 12);
    expect(v[2 * p + 4]).toBeCloseTo((Math.SQRT2 / p) * Math.sin(w(3) * 6), 12);
  });
});

describe('key frequencies', () => {
  it('finds the planted frequencies and marks noise neurons as other', () => {
    const dMlp = 20;
    const rn = normalSource(5);
    const acts = new Float32Array(p * p * dMlp);
    const planted: number[] = [];
    for (let n = 0; n < dMlp; n++) {
      const k = n < 16 ? KEYS[n % 2] : 0;
      planted.push(k);
      const ph = rn(), ph2 = rn();
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          // ReLU of a frequency-k wave in (a,b) is NOT pure in k (harmonics), so plant the pre-ReLU
          // shapes the circuit makes: linear terms in a and b and their product, plus a little noise.
          const v = k
            ? 3 + Math.cos(w(k) * a + ph) + Math.cos(w(k) * b + ph2) + 2 * Math.cos(w(k) * a + ph) * Math.cos(w(k) * b + ph2) + 0.05 * rn()
            : rn();
          acts[(a * p + b) * dMlp + n] = v;
        }
    }
    const nf = neuronFrequencies(acts, p, dMlp, { block: 6 }); // block not dividing d_mlp on purpose
    for (let n = 0; n < dMlp; n++) {
      expect(nf.cluster[n]).toBe(planted[n]);
      if (planted[n]) expect(nf.frac[n]).toBeGreaterThan(0.98);
      else expect(nf.frac[n]).toBeLessThan(0.85);
    }
    expect(keyFrequencies(nf.cluster)).toEqual(KEYS);
    expect(keyFrequencies([2, 2, 5, 0, 7], 2)).toEqual([2]);
  });

  it('equals a brute-force full 2-D transform', () => {
    const dMlp = 3;
    const rn = normalSource(11);
    const acts = new Float32Array(p * p * dMlp);
    for (let i = 0; i < acts.length; i++) acts[i] = Math.max(0, rn());
    const B = fourierBasis(p);
    const nf = neuronFrequencies(acts, p, dMlp, { threshold: 0 });
    for (let n = 0; n < dMlp; n++) {
      let mean = 0;
      for (let i = 0; i < p * p; i++) mean += acts[i * dMlp + n] / (p * p);
      const F = new Float64Array(p * p);
      let total = 0;
      for (let r = 0; r < p; r++)
        for (let s = 0; s < p; s++) {
          let v = 0;
          for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v += B[r * p + a] * B[s * p + b] * (acts[(a * p + b) * dMlp + n] - mean);
          F[r * p + s] = v;
          total += v * v;
        }
      let bestK = -1, bestF = -1;
      for (let k = 1; k <= (p - 1) / 2; k++) {
        const idx = [0, 2 * k - 1, 2 * k];
        let num = 0;
        for (const r of idx) for (const s of idx) num += F[r * p + s] ** 2;
        if (num / total > bestF) { bestF = num / total; bestK = k; }
      }
      expect(nf.best[n]).toBe(bestK);
      expect(nf.frac[n]).toBeCloseTo(bestF, 9);
    }
  });
});

describe('restricted and excluded loss', () => {
  const train = trainSet();
  it('match the paper’s explicit projections on random logits', () => {
    const rn = normalSource(21);
    const L = new Float32Array(p * p * (p + 1)).map(() => 3 * rn());
    for (const freqs of [[1], [2, 5], [6], []]) {
      const ref = paperLosses(L, freqs, train);
      expect(restrictedLoss(L, p, p + 1, freqs)).toBeCloseTo(ref.restricted, 9);
      expect(excludedLoss(L, p, p + 1, freqs, train)).toBeCloseTo(ref.excluded, 9);
    }
  });

  it('restricted loss is low for a Fourier circuit and excluded loss rises when its frequencies go', () => {
    const L = circuitLogits(6, 0.3);
    const full = restrictedLoss(L, p, p + 1, [1, 2, 3, 4, 5, 6]); // every frequency kept ≈ original logits
    const r = restrictedLoss(L, p, p + 1, KEYS);
    expect(r).toBeLessThan(0.05);
    expect(Math.abs(full - r)).toBeLessThan(0.05);
    expect(restrictedLoss(L, p, p + 1, [1, 3])).toBeGreaterThan(Math.log(p) - 0.1); // wrong frequencies: chance
    const none = excludedLoss(L, p, p + 1, [], train);
    const ex = excludedLoss(L, p, p + 1, KEYS, train);
    expect(none).toBeLessThan(0.05);
    expect(ex).toBeGreaterThan(Math.log(p) - 0.5);
    expect(excludedLoss(L, p, p + 1, [2], train)).toBeGreaterThan(none + 0.5); // removing one key frequency hurts
  });
});
