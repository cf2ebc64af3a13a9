import { describe, expect, it } from 'vitest';
import { lossAndAccuracy, labelOf } from '../../../src/lib/analysis/loss';
import { correctBitset } from '../../../src/lib/analysis/correct';
import { createBitset, getBit, setBit } from '../../../src/lib/analysis/bitset';

describe('lossAndAccuracy', () => {
  // p = 3, d_vocab = 4: 9 rows. Labels: (a+b)%3.
  const p = 3, dv = 4;
  const logits = new Float32Array(9 * dv);
  for (let i = 0; i < 9; i++) logits[i * dv + labelOf(i, p)] = Math.log(2); // target prob 2/5
  logits[4 * dv + 3] = 5; // row 4 (a=1,b=1, label 2): '=' wins → wrong
  const bits = createBitset(9);
  for (const i of [0, 4, 8]) setBit(bits, i);

  it('labels rows a*p+b with (a+b) mod p', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => labelOf(i, p))).toEqual([0, 1, 2, 1, 2, 0, 2, 0, 1]);
  });
  it('computes CE over all d_vocab classes and argmax accuracy on the set', () => {
    const r = lossAndAccuracy(logits, p, dv, bits, true);
    const ceOk = -Math.log(2 / 5);
    const ceBad = -Math.log(2 / (2 + 2 + Math.exp(5)));
    expect(r.count).toBe(3);
    expect(r.loss).toBeCloseTo((2 * ceOk + ceBad) / 3, 6);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
  });
  it('evaluates the complement when member=false', () => {
    const r = lossAndAccuracy(logits, p, dv, bits, false);
    expect(r.count).toBe(6);
    expect(r.loss).toBeCloseTo(-Math.log(2 / 5), 6);
    expect(r.accuracy).toBe(1);
  });
  it('correctBitset marks rows whose argmax is the answer', () => {
    const c = correctBitset(logits, p, dv);
    for (let i = 0; i < 9; i++) expect(getBit(c, i)).toBe(i !== 4);
  });
});
