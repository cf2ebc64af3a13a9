/** The named PRNG and the data split: deterministic, documented algorithms (values pinned). */
import { describe, expect, test } from 'vitest';
import { modAddBatch, modAddSplit, trainBitset } from '../../../src/lib/tasks/modadd';
import { hashName, Rng } from '../../../src/lib/tasks/prng';
import { ParamStore } from '../../../src/lib/train/params';
import { transformerSpecs } from '../../../src/lib/train/models/transformer';
import { CpuBackend } from '../../../src/lib/train/cpu/backend';

/** Element-wise equality of big typed arrays (vitest's deep equality is slow on 200k elements). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('Rng (sfc32 seeded by splitmix32)', () => {
  test('same seed and stream: same numbers; different stream: different numbers', () => {
    const a = new Rng(42, 'init');
    const b = new Rng(42, 'init');
    const c = new Rng(42, 'split');
    const xa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xa);
    expect(xa.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  test('pinned values (changing them changes every run: bump the state version)', () => {
    expect(hashName('')).toBe(0x811c9dc5); // FNV-1a offset basis
    expect(hashName('a')).toBe(0xe40c292c); // FNV-1a("a")
    const r = new Rng(0, '');
    expect(Array.from({ length: 3 }, () => r.nextU32())).toMatchInlineSnapshot(`
      [
        4291253917,
        1101397687,
        1513920412,
      ]
    `);
  });

  test('state save/restore continues the stream', () => {
    const r = new Rng(7, 'train');
    r.next();
    const s = r.getState();
    const x = [r.next(), r.normal()];
    const r2 = new Rng(1, 'other');
    r2.setState(s);
    expect([r2.next(), r2.normal()]).toEqual(x);
  });

  test('normals have mean ~0 and variance ~1', () => {
    const r = new Rng(3, 'normal');
    let s = 0, s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });
});

describe('modular-addition split', () => {
  test('all p^2 pairs, disjoint, round(frac p^2) train, seeded', () => {
    const s = modAddSplit(113, 0.3, 0);
    expect(s.train.length).toBe(3831); // round(0.3 * 12769) = round(3830.7)
    expect(s.train.length + s.test.length).toBe(12769);
    expect(new Set([...s.train, ...s.test]).size).toBe(12769);
    expect(same(modAddSplit(113, 0.3, 0).train, s.train)).toBe(true);
    expect(same(modAddSplit(113, 0.3, 1).train, s.train)).toBe(false);
  });

  test('tokens [a, b, p] and labels (a + b) mod p; bitset LSB-first', () => {
    const { tokens, labels } = modAddBatch(7, Int32Array.from([0, 7 * 3 + 5, 48]));
    expect(Array.from(tokens)).toEqual([0, 0, 7, 3, 5, 7, 6, 6, 7]);
    expect(Array.from(labels)).toEqual([0, 1, 5]);
    const bits = trainBitset({ p: 3, train: Int32Array.from([0, 8]), test: Int32Array.from([1, 2, 3, 4, 5, 6, 7]) });
    expect(Array.from(bits)).toEqual([1, 1]);
  });

  test('init is seeded: same seed same weights, std as in the paper init', () => {
    const cfg = { d_vocab: 114, d_model: 128, n_heads: 4, d_head: 32, d_mlp: 512, n_ctx: 3, n_layers: 1, layerNorm: false };
    const s = new ParamStore(new CpuBackend(), transformerSpecs(cfg));
    const a = s.initialValues(0);
    expect(same(s.initialValues(0), a)).toBe(true);
    expect(same(s.initialValues(1), a)).toBe(false);
    const std = (name: string) => {
      const { offset, size } = s.slot(name);
      let q = 0;
      for (let i = 0; i < size; i++) q += a[offset + i] ** 2;
      return Math.sqrt(q / size);
    };
    expect(std('W_in')).toBeCloseTo(1 / Math.sqrt(128), 2);
    expect(std('W_U')).toBeCloseTo(1 / Math.sqrt(114), 2);
    expect(std('b_in')).toBe(0);
  });
});
