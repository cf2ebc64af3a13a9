import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/tasks/prng';
import {
  evalLengths, evalSet, formatString, parseString, prefixLabels, stringLabel, trainBatch,
} from '../../../src/lib/tasks/sequence';
import { positionRows, randomPositions, sinusoidalTable } from '../../../src/lib/tasks/positions';

/** Brute-force Dyck-1 membership, written independently of prefixLabels: delete "()" until stuck. */
function isDyck(s: string): boolean {
  let t = s;
  for (;;) {
    const u = t.replaceAll('()', '');
    if (u === t) return t === '';
    t = u;
  }
}

describe('languages', () => {
  it('parity labels count the 1s of every prefix', () => {
    expect(Array.from(prefixLabels('parity', parseString('parity', '0110100')))).toEqual([0, 1, 0, 0, 1, 1, 1]);
    expect(stringLabel('parity', parseString('parity', '1111'))).toBe(0);
  });

  it('dyck1 labels mark balanced prefixes, and a prefix that closed too early never recovers', () => {
    expect(Array.from(prefixLabels('dyck1', parseString('dyck1', '(())()')))).toEqual([0, 0, 0, 1, 0, 1]);
    expect(Array.from(prefixLabels('dyck1', parseString('dyck1', '())(()')))).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it('dyck1 labels agree with a brute-force check on random strings', () => {
    const rng = new Rng(3, 'brute');
    for (let i = 0; i < 500; i++) {
      const L = 1 + rng.int(14);
      const toks = Int32Array.from({ length: L }, () => rng.int(2));
      expect(stringLabel('dyck1', toks)).toBe(isDyck(formatString('dyck1', toks)) ? 1 : 0);
    }
  });

  it('parseString refuses other symbols', () => {
    expect(() => parseString('dyck1', '(a)')).toThrow('invalid symbol: "a"');
  });

  it('training batches are seeded and carry the labels of every prefix', () => {
    const a = trainBatch('dyck1', new Rng(7, 'train'), 8, 16);
    const b = trainBatch('dyck1', new Rng(7, 'train'), 8, 16);
    const c = trainBatch('dyck1', new Rng(8, 'train'), 8, 16);
    expect(a.tokens).toEqual(b.tokens);
    expect(a.tokens).not.toEqual(c.tokens);
    for (let r = 0; r < 8; r++) {
      for (let t = 0; t < 16; t++) {
        const s = formatString('dyck1', a.tokens.subarray(r * 16, r * 16 + t + 1));
        expect(a.labels[r * 16 + t]).toBe(isDyck(s) ? 1 : 0);
      }
    }
  });

  it('dyck1 training strings have balanced prefixes often enough to learn from', () => {
    const { labels } = trainBatch('dyck1', new Rng(1, 'train'), 400, 16);
    const share = labels.reduce((s, x) => s + x, 0) / labels.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.5);
  });

  it.each([['parity', 24], ['dyck1', 24], ['dyck1', 64]] as const)('%s evaluation sets at length %i: correct labels, near-balanced classes', (lang, L) => {
    const { tokens, labels } = evalSet(lang, new Rng(11, 'eval'), 200, L);
    let ones = 0;
    for (let i = 0; i < 200; i++) {
      const row = tokens.subarray(i * L, (i + 1) * L);
      expect(labels[i]).toBe(stringLabel(lang, row));
      if (lang === 'dyck1') expect(labels[i]).toBe(isDyck(formatString('dyck1', row)) ? 1 : 0);
      ones += labels[i];
    }
    expect(ones / 200).toBeGreaterThan(0.35);
    expect(ones / 200).toBeLessThan(0.65);
  });

  it('dyck1 is measured at even lengths only (odd strings are never balanced)', () => {
    expect(evalLengths('dyck1', 7)).toEqual([2, 4, 6]);
    expect(evalLengths('parity', 3)).toEqual([1, 2, 3]);
    expect(() => evalSet('dyck1', new Rng(1), 4, 5)).toThrow('invalid dyck1 evaluation length: 5');
  });
});

describe('positional encodings', () => {
  it('sinusoids: sin at even, cos at odd columns', () => {
    const pe = sinusoidalTable(10, 4);
    expect(pe[3 * 4 + 0]).toBeCloseTo(Math.sin(3));
    expect(pe[3 * 4 + 1]).toBeCloseTo(Math.cos(3));
    expect(pe[3 * 4 + 2]).toBeCloseTo(Math.sin(3 / 100));
  });

  it('randomized positions: increasing, distinct, in range, seeded', () => {
    const p = randomPositions(new Rng(5, 'pos'), 40, 256);
    expect(p.length).toBe(40);
    for (let i = 1; i < 40; i++) expect(p[i]).toBeGreaterThan(p[i - 1]);
    expect(p[39]).toBeLessThan(256);
    expect(randomPositions(new Rng(5, 'pos'), 40, 256)).toEqual(p);
    expect(Array.from(positionRows('sinusoidal', new Rng(1), 2, 3, 256))).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
