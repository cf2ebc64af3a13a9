import { describe, expect, it } from 'vitest';
import { argmax, compose, correlation, fmt, fmtTex, logitCurves, mod, modInverse, omega, peakMargin, residueOfSlot, slotOfAngle, trigTerms } from '../../../src/widgets/algorithm/trig';

const PRIMES = [3, 5, 7, 31, 59]; // 113 too slow for a unit test: O(p² · log p) per prime

describe('angle composition', () => {
  it('wraps mod p: the composed angle lands on the point of (a + b) mod p, for every frequency', () => {
    for (const p of [7, 31, 113]) {
      for (const k of [1, 2, (p - 1) / 2]) {
        for (const [a, b] of [[0, 0], [p - 1, p - 1], [3, p - 2], [Math.floor(p / 2), Math.ceil(p / 2)]]) {
          const c = compose(a, b, k, p);
          expect(c.c).toBe((a + b) % p);
          expect(c.angleSum).toBeCloseTo(c.angleA + c.angleB, 12);
          // Same point on the circle as the residue c at frequency k.
          expect(Math.cos(c.angleSum)).toBeCloseTo(Math.cos(omega(k, p) * c.c), 9);
          expect(Math.sin(c.angleSum)).toBeCloseTo(Math.sin(omega(k, p) * c.c), 9);
          expect(c.slot).toBe(mod(k * c.c, p));
        }
      }
    }
  });

  it('counts full turns: with k = 1 one turn exactly when a + b ≥ p', () => {
    expect(compose(71, 65, 1, 113).turns).toBe(1);
    expect(compose(10, 20, 1, 113).turns).toBe(0);
    expect(compose(30, 30, 3, 31).turns).toBe(Math.floor((3 * 60) / 31));
  });

  it('maps a dragged slot back to the residue at frequency k (k·x ≡ slot)', () => {
    for (const p of PRIMES) {
      for (let k = 1; k <= (p - 1) / 2; k++) {
        expect((k * modInverse(k, p)) % p).toBe(1);
        for (let j = 0; j < p; j++) expect(mod(k * residueOfSlot(j, k, p), p)).toBe(j);
      }
    }
    expect(() => modInverse(0, 7)).toThrow(/invalid k/);
  });

  it('finds the nearest slot of an angle, wrapping at 2π', () => {
    expect(slotOfAngle(0, 31)).toBe(0);
    expect(slotOfAngle(2 * Math.PI - 0.01, 31)).toBe(0);
    expect(slotOfAngle(-omega(1, 31), 31)).toBe(30);
    expect(slotOfAngle(omega(5, 31) + 0.02, 31)).toBe(5);
  });
});

describe('trig identities', () => {
  it('the element-wise products give cos and sin of w(a+b), and the read-out is cos(w(a+b−c))', () => {
    for (const [a, b, k, p, c] of [[12, 105, 14, 113, 4], [19, 17, 3, 31, 5], [0, 0, 1, 7, 3]]) {
      const t = trigTerms(a, b, k, p, c);
      const w = omega(k, p);
      expect(t.cosSum).toBeCloseTo(Math.cos(w * (a + b)), 12);
      expect(t.sinSum).toBeCloseTo(Math.sin(w * (a + b)), 12);
      expect(t.cc - t.ss).toBeCloseTo(t.cosSum, 15);
      expect(t.logit).toBeCloseTo(Math.cos(w * (a + b - c)), 12);
    }
    expect(trigTerms(19, 17, 3, 31, 5).logit).toBeCloseTo(1, 12); // c = (a+b) mod p
  });
});

describe('logit curve', () => {
  it('the sum over any key-frequency set peaks at (a + b) mod p, with value = number of frequencies', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const p of [31, 59, 113]) {
      for (let trial = 0; trial < 40; trial++) {
        const a = rand(p);
        const b = rand(p);
        const n = 1 + rand(5);
        const freqs = [...new Set(Array.from({ length: n }, () => 1 + rand((p - 1) / 2)))];
        const { sum, perFreq } = logitCurves(a, b, p, freqs);
        expect(perFreq).toHaveLength(freqs.length);
        expect(argmax(sum)).toBe((a + b) % p);
        expect(sum[(a + b) % p]).toBeCloseTo(freqs.length, 9);
        expect(peakMargin(sum, (a + b) % p)).toBeGreaterThan(1e-6);
      }
    }
  });

  it('several frequencies make the peak sharper than one', () => {
    const p = 113;
    const one = logitCurves(12, 105, p, [1]).sum;
    const five = logitCurves(12, 105, p, [14, 35, 41, 42, 52]).sum;
    const c = (12 + 105) % p;
    // Relative margin: gap to the best wrong answer, over the peak height.
    expect(peakMargin(five, c) / five[c]).toBeGreaterThan(10 * (peakMargin(one, c) / one[c]));
  });

  it('correlation is 1 for an affine copy, 0 for a constant, −1 for a flipped copy', () => {
    const x = [1, 3, 2, 5, 4];
    expect(correlation(x, x.map((v) => 2 * v + 1))).toBeCloseTo(1, 12);
    expect(correlation(x, x.map((v) => -v))).toBeCloseTo(-1, 12);
    expect(correlation(x, [2, 2, 2, 2, 2])).toBe(0);
  });

  it('formats numbers with a true minus and no negative zero', () => {
    expect(fmt(-0.0001)).toBe('0.000');
    expect(fmt(-1.5, 1)).toBe('−1.5');
    expect(fmtTex(-1.5, 1)).toBe('-1.5');
  });
});
