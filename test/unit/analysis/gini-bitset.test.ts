import { describe, expect, it } from 'vitest';
import { frequencyGini, gini } from '../../../src/lib/analysis/gini';
import { countBits, createBitset, decodeBitset, encodeBitset, getBit, setBit } from '../../../src/lib/analysis/bitset';
import { sumSquaredWeights } from '../../../src/lib/analysis/weight-norm';

describe('gini', () => {
  it('is (n-1)/n for one-hot and 0 for constant', () => {
    expect(gini([0, 0, 0, 5, 0])).toBeCloseTo(4 / 5, 12);
    expect(gini([3, 3, 3, 3])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(gini([])).toBe(0);
  });
  it('matches the pairwise definition mean|xi-xj| / (2 mean x)', () => {
    const xs = [0.3, 2, 5, 1.1, 0, 7.5];
    let pair = 0;
    for (const a of xs) for (const b of xs) pair += Math.abs(a - b);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(gini(xs)).toBeCloseTo(pair / xs.length ** 2 / (2 * mean), 12);
  });
  it('frequencyGini ignores the constant term', () => {
    expect(frequencyGini([100, 1, 1, 1])).toBe(0);
    expect(frequencyGini([0, 0, 4, 0])).toBeCloseTo(2 / 3, 12);
  });
});

describe('bitset', () => {
  it('round-trips through base64, LSB-first', () => {
    const n = 13 * 13;
    const bits = createBitset(n);
    const on = [0, 1, 9, 77, 168];
    for (const i of on) setBit(bits, i);
    expect(bits[0]).toBe(0b11);
    expect(bits[1]).toBe(0b10);
    const b64 = encodeBitset(bits);
    const back = decodeBitset(b64, n);
    expect(Array.from(back)).toEqual(Array.from(bits));
    for (let i = 0; i < n; i++) expect(getBit(back, i)).toBe(on.includes(i));
    expect(countBits(back, n)).toBe(5);
    setBit(back, 9, false);
    expect(countBits(back, n)).toBe(4);
  });
  it('encodes large sets (p=113) and rejects bad input', () => {
    const n = 113 * 113;
    const bits = createBitset(n);
    for (let i = 0; i < n; i += 3) setBit(bits, i);
    expect(decodeBitset(encodeBitset(bits), n)).toEqual(bits);
    expect(() => decodeBitset('AAAA', n)).toThrow(/expected 1597/);
    expect(() => decodeBitset('!!', 8)).toThrow(/not base64/);
    expect(() => decodeBitset(encodeBitset(Uint8Array.of(0xff)), 7)).toThrow(/bit 7 set past 7/);
  });
});

describe('sumSquaredWeights', () => {
  it('sums squares over every parameter', () => {
    expect(sumSquaredWeights({ a: { shape: [2], data: Float32Array.of(1, -2) }, b: { shape: [1], data: Float32Array.of(3) } })).toBe(14);
  });
});
