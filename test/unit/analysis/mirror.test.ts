import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBitset, decodeBitset, setBit } from '../../../src/lib/analysis/bitset';
import { mirrorAccuracy, mirrorChance, mirrorTrainedCount } from '../../../src/lib/analysis/mirror';
import { modAddSplit, trainBitset } from '../../../src/lib/tasks/modadd';

describe('mirrorAccuracy', () => {
  it('splits held-out pairs by whether (b, a) was trained on', () => {
    const p = 3;
    const train = createBitset(9);
    setBit(train, 0 * 3 + 1); // (0,1) trained, so (1,0) is a mirror-trained test pair
    const correct = createBitset(9);
    setBit(correct, 1 * 3 + 0); // (1,0) right
    setBit(correct, 2 * 3 + 2); // (2,2) right: its own mirror, held out
    const m = mirrorAccuracy(p, train, correct);
    expect(m.mirrorTrained).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(m.mirrorHeldOut.total).toBe(7);
    expect(m.mirrorHeldOut.correct).toBe(1);
  });
});

describe('the data split is a uniform random subset (checked through mirror pairs)', () => {
  const z = (p: number, frac: number, seed: number) => {
    const s = modAddSplit(p, frac, seed);
    const bits = trainBitset(s);
    const { mean, sd } = mirrorChance(p, s.train.length);
    return (mirrorTrainedCount(p, bits) - mean) / sd;
  };

  it('the chance formula matches a brute-force count on a tiny case', () => {
    // p = 3, n = 4 of 9 pairs, every subset: the mean count over all C(9, 4) subsets equals U q.
    let total = 0, count = 0;
    for (let m = 0; m < 1 << 9; m++) {
      if (m.toString(2).split('1').length - 1 !== 4) continue;
      total += mirrorTrainedCount(3, Uint8Array.of(m & 0xff, m >> 8));
      count++;
    }
    expect(total / count).toBeCloseTo(mirrorChance(3, 4).mean, 10);
  });

  it('over 40 seeds the mirror counts scatter around chance like a standard normal', () => {
    for (const [p, frac] of [[113, 0.3], [59, 0.4]] as const) {
      const zs = Array.from({ length: 40 }, (_, seed) => z(p, frac, seed));
      const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
      const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / (zs.length - 1));
      expect(Math.abs(mean), `p = ${p}: mean z`).toBeLessThan(3 / Math.sqrt(zs.length) + 0.1);
      expect(sd, `p = ${p}: sd of z`).toBeGreaterThan(0.6);
      expect(sd, `p = ${p}: sd of z`).toBeLessThan(1.4);
    }
  });

  it('every shipped modular-addition run has a mirror count within 3 standard deviations of chance', () => {
    const root = resolve(import.meta.dirname, '../../../models');
    let checked = 0;
    for (const id of readdirSync(root)) {
      const file = join(root, id, 'manifest.json');
      if (!existsSync(file)) continue;
      const m = JSON.parse(readFileSync(file, 'utf8'));
      if (m.config?.task !== 'modadd') continue;
      const p = m.config.p as number;
      const bits = decodeBitset(m.split.trainBitset, p * p);
      const { mean, sd } = mirrorChance(p, m.split.nTrain);
      const got = mirrorTrainedCount(p, bits);
      expect(Math.abs(got - mean) / sd, `${id}: ${got} mirror-trained test pairs, chance ${mean.toFixed(0)} ± ${sd.toFixed(0)}`).toBeLessThan(3);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
