// The pairs grid's server-rendered still (src/widgets/charts/pairs-still.node.ts): PNG masks of the main
// run's grid that must show exactly the cells the live grid draws at the same checkpoint.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBitset } from '../../../src/lib/analysis/bitset';
import { pairs } from '../../../src/lib/runs/facts.node';
import { CELL_KINDS, cellKind, cellMasks } from '../../../src/widgets/charts/pairs';
import { pairsStill } from '../../../src/widgets/charts/pairs-still.node';

/** The 0/1 values of a one-bit PNG data URL made by bitmapDataUrl (filter 0 rows). */
function bits(url: string, p: number): number[] {
  const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
  const idat = png.subarray(8 + 25 + 8, png.length - 12 - 4); // after the signature, IHDR and IDAT's header; before CRC and IEND
  const raw = inflateSync(idat);
  const row = 1 + Math.ceil(p / 8);
  return Array.from({ length: p * p }, (_, i) => (raw[Math.floor(i / p) * row + 1 + ((i % p) >> 3)] >> (7 - ((i % p) & 7))) & 1);
}

describe('cell masks', () => {
  it('put every cell in exactly one kind, the kind cellKind gives it', () => {
    const p = 5;
    const train = Uint8Array.from([0b10110010, 0b01100101, 0b11000011, 0b1]);
    const correct = Uint8Array.from([0b11110000, 0b00001111, 0b10101010, 0b0]);
    const m = cellMasks(p, train, correct);
    for (let i = 0; i < p * p; i++) {
      expect(CELL_KINDS.filter((k) => m[k][i] === 1)).toEqual([cellKind(train, correct, i)]);
    }
  });
});

const data = pairs('main');
describe.skipIf(!data)('the main run’s pairs-grid still', () => {
  it('shows the last checkpoint by default, each kind’s mask exactly that kind’s cells', () => {
    const d = data!;
    const s = pairsStill(d)!;
    expect(s.step).toBe(d.lastStep);
    const n = d.p * d.p;
    const i = d.checkpoints.findIndex((c) => c.step === s.step);
    const want = cellMasks(d.p, decodeBitset(d.trainBitset, n), decodeBitset(d.correct[i], n));
    for (const k of CELL_KINDS) {
      if (s.masks[k]) expect(bits(s.masks[k]!, d.p)).toEqual([...want[k]]);
      else expect(want[k].some((v) => v)).toBe(false);
    }
    const bytes = Object.values(s.masks).reduce((t, u) => t + u!.length, 0);
    expect(bytes).toBeLessThan(12_000); // vs. ~196 kB of path data
  });

  it('at an earlier step shows the checkpoint at or before it, with wrong answers', () => {
    const d = data!;
    const mid = d.checkpoints[Math.floor(d.checkpoints.length / 4)].step;
    const s = pairsStill(d, mid + 1)!;
    expect(s.step).toBe(mid);
    expect(Object.keys(s.masks).length).toBeGreaterThan(2);
    expect(() => pairsStill(d, -1)).toThrow(/no checkpoint at or before step -1/);
  });
});
