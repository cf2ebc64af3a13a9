import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bitmapDataUrl, bitmapPng, crc32 } from '../../../src/lib/png/bitmap.node';

/** The chunks of a PNG, each with its CRC checked. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = [];
  for (let o = 8; o < png.length; ) {
    const n = png.readUInt32BE(o);
    const body = png.subarray(o + 4, o + 8 + n);
    expect(png.readUInt32BE(o + 8 + n)).toBe(crc32(body));
    out.push({ type: body.subarray(0, 4).toString('ascii'), data: body.subarray(4) });
    o += 12 + n;
  }
  return out;
}

/** Decodes a one-bit greyscale PNG (filter 0 rows) back to 0/1 values. */
function decode(png: Buffer): { w: number; h: number; on: number[] } {
  const c = chunks(png);
  expect(c.map((x) => x.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const w = c[0].data.readUInt32BE(0);
  const h = c[0].data.readUInt32BE(4);
  expect([...c[0].data.subarray(8)]).toEqual([1, 0, 0, 0, 0]);
  const raw = inflateSync(c[1].data);
  const rowBytes = Math.ceil(w / 8);
  expect(raw.length).toBe(h * (1 + rowBytes));
  const on: number[] = [];
  for (let y = 0; y < h; y++) {
    expect(raw[y * (1 + rowBytes)]).toBe(0);
    for (let x = 0; x < w; x++) on.push((raw[y * (1 + rowBytes) + 1 + (x >> 3)] >> (7 - (x & 7))) & 1);
  }
  return { w, h, on };
}

describe('one-bit PNG bitmaps', () => {
  it('computes the standard CRC-32 (check value of "123456789", and the constant IEND chunk)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('round-trips odd sizes bit for bit, rows padded to whole bytes', () => {
    for (const [w, h] of [[1, 1], [7, 3], [8, 2], [9, 5], [113, 113]]) {
      const on = Array.from({ length: w * h }, (_, i) => ((i * 2654435761) >>> 28) & 1);
      const back = decode(bitmapPng(on, w, h));
      expect(back).toEqual({ w, h, on });
    }
  });

  it('is small for a p = 113 grid (a random 30% of cells: about 2 kB, not the 196 kB of path data)', () => {
    let s = 1;
    const on = Array.from({ length: 113 * 113 }, () => ((s = (s * 48271) % 2147483647) / 2147483647 < 0.3 ? 1 : 0));
    expect(bitmapPng(on, 113, 113).length).toBeLessThan(2500);
    expect(bitmapDataUrl(on, 113, 113)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('refuses a bitmap whose length is not w × h', () => {
    expect(() => bitmapPng([1, 0, 1], 2, 2)).toThrow(/3 values for 2 × 2/);
  });
});
