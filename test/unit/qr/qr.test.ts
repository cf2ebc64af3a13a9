// The QR encoder (src/lib/qr) against published values (Reed–Solomon codewords of the standard's and a
// tutorial's worked examples, the format and version information tables, byte capacities, alignment
// positions), and read back by an independent decoder (jsQR) at every length up to 130 bytes, at each
// version's capacity, with each mask, for UTF-8 text and for the longest "predict, then check" address.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataCodewords } from '../../../src/lib/qr/data.ts';
import { encodeQr } from '../../../src/lib/qr/encode.ts';
import { ecCodewords } from '../../../src/lib/qr/gf256.ts';
import { formatBits, versionBits } from '../../../src/lib/qr/info.ts';
import { qrPath, qrViewBox } from '../../../src/lib/qr/svg.ts';
import { alignmentCentres, byteCapacity, MAX_VERSION } from '../../../src/lib/qr/versions.ts';
import { decode } from './raster.ts';

const bytesOf = (s: string) => new TextEncoder().encode(s);
const text = (n: number) => Array.from({ length: n }, (_, i) => 'https://example.org/grokking/?a=Zx9-_'[i % 37]).join('');

describe('QR encoder: published values', () => {
  it('computes the Reed–Solomon codewords of the worked examples', () => {
    // ISO/IEC 18004 Annex I: "01234567", version 1-M.
    expect([...ecCodewords([16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17], 10)]).toEqual([165, 36, 212, 193, 237, 54, 199, 135, 44, 85]);
    // "HELLO WORLD", version 1-M (thonky.com's QR tutorial).
    expect([...ecCodewords([32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17], 10)]).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('writes the format information of level M for each mask, and of level L', () => {
    const m = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
    expect(m.map((_, mask) => formatBits(mask).toString(2).padStart(15, '0'))).toEqual(m);
    expect(formatBits(0, 0b01).toString(2).padStart(15, '0')).toBe('111011111000100');
  });

  it('writes the version information from version 7', () => {
    expect(versionBits(7).toString(2).padStart(18, '0')).toBe('000111110010010100');
    expect(versionBits(8).toString(2).padStart(18, '0')).toBe('001000010110111100');
    expect(versionBits(40).toString(2).padStart(18, '0')).toBe('101000110001101001');
  });

  it('holds the byte-mode capacities of the standard at level M, and places alignment patterns where it does', () => {
    const capacity = { 1: 14, 2: 26, 3: 42, 4: 62, 5: 84, 6: 106, 7: 122, 8: 152, 9: 180, 10: 213, 15: 412, 20: 666, 27: 1125, 40: 2331 };
    for (const [v, n] of Object.entries(capacity)) expect(byteCapacity(Number(v)), `version ${v}`).toBe(n);
    expect(alignmentCentres(1)).toEqual([]);
    expect(alignmentCentres(2)).toEqual([6, 18]);
    expect(alignmentCentres(7)).toEqual([6, 22, 38]);
    expect(alignmentCentres(15)).toEqual([6, 26, 48, 70]);
    expect(alignmentCentres(32)).toEqual([6, 34, 60, 86, 112, 138]);
    expect(alignmentCentres(40)).toEqual([6, 30, 58, 86, 114, 142, 170]);
  });

  it('encodes bytes as mode, count, data, terminator and alternating pad bytes', () => {
    // "AB" in byte mode, version 1-M: 0100 00000010 01000001 01000010 0000, then 236, 17, …
    expect([...dataCodewords(bytesOf('AB'), 1)]).toEqual([0x40, 0x24, 0x14, 0x20, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]);
  });

  it('draws finders, timing and the dark module where the standard puts them', () => {
    const { size, modules } = encodeQr('finder');
    const ring = (x0: number, y0: number) => {
      for (let d = 0; d < 7; d++) {
        expect(modules[y0][x0 + d] && modules[y0 + 6][x0 + d] && modules[y0 + d][x0] && modules[y0 + d][x0 + 6]).toBe(true);
      }
      expect(modules[y0 + 1][x0 + 1]).toBe(false);
      expect(modules[y0 + 3][x0 + 3]).toBe(true);
    };
    ring(0, 0);
    ring(size - 7, 0);
    ring(0, size - 7);
    for (let i = 8; i < size - 8; i++) expect(modules[6][i]).toBe(i % 2 === 0);
    expect(modules[size - 8][8]).toBe(true);
  });
});

describe('QR encoder: read back by jsQR', () => {
  it('at every length from 0 to 130 bytes', () => {
    for (let n = 0; n <= 130; n++) {
      const s = text(n);
      const code = encodeQr(s);
      const got = decode(code);
      expect(got, `length ${n}`).not.toBeNull();
      expect(got!.version).toBe(code.version);
      expect(new TextDecoder().decode(got!.bytes), `length ${n}`).toBe(s);
    }
  });

  it("at each version's full capacity, and one byte over moves to the next version", () => {
    for (let v = 1; v <= MAX_VERSION; v++) {
      const s = text(byteCapacity(v));
      const code = encodeQr(s);
      expect(code.version).toBe(v);
      expect(code.size).toBe(17 + 4 * v);
      const got = decode(code, v > 20 ? 2 : 3);
      expect(got && new TextDecoder().decode(got.bytes), `version ${v}`).toBe(s);
      if (v < MAX_VERSION) expect(encodeQr(text(byteCapacity(v) + 1)).version).toBe(v + 1);
    }
  });

  it('absolute addresses of 200 to 400 characters', () => {
    for (let n = 200; n <= 400; n += 25) {
      const s = `https://example.org/grokking-gradually/chapters/04-cleanup/?${'weight-decay.step=15000&'.repeat(20)}`.slice(0, n);
      const got = decode(encodeQr(s));
      expect(got && new TextDecoder().decode(got.bytes)).toBe(s);
    }
  });

  it('with each of the eight masks, and picks a mask by penalty', () => {
    const s = 'https://example.org/chapters/01-memorization/?training-timeline.step=515#fig-training-timeline';
    for (let mask = 0; mask < 8; mask++) {
      const code = encodeQr(s, { mask });
      expect(code.mask).toBe(mask);
      expect(new TextDecoder().decode(decode(code)!.bytes), `mask ${mask}`).toBe(s);
    }
    expect(encodeQr(s).mask).toBeGreaterThanOrEqual(0);
  });

  it('UTF-8 text, byte for byte', () => {
    const s = 'Grokking — π ≈ 3.14, naïve résumé, 模 113 😀';
    const got = decode(encodeQr(s))!;
    expect([...got.bytes]).toEqual([...bytesOf(s)]);
  });

  it('the longest "predict, then check" address of the site, under a long origin and base', async () => {
    const { figureTarget } = await import('../../../src/lib/recall/figure-check.ts');
    const origin = 'https://a-rather-long-organisation-name.github.io';
    const base = '/grokking-gradually-a-course-mirror/';
    const hrefs: string[] = [];
    for (const file of readdirSync('content/recall')) {
      for (const p of JSON.parse(readFileSync(`content/recall/${file}`, 'utf8')).prompts) {
        if (p.kind === 'predict') hrefs.push(origin + figureTarget(p.figure, p.step, p.state, base, p.at)!.href);
      }
    }
    expect(hrefs.length).toBeGreaterThan(0);
    const longest = hrefs.reduce((a, b) => (b.length > a.length ? b : a));
    const code = encodeQr(longest);
    expect(code.version).toBeLessThanOrEqual(10);
    expect(new TextDecoder().decode(decode(code)!.bytes)).toBe(longest);
  });
});

describe('QR encoder: limits and drawing', () => {
  it('refuses text over the largest version with the lengths in the message', () => {
    expect(() => encodeQr('x'.repeat(2332))).toThrow(RangeError);
    expect(() => encodeQr('x'.repeat(2332))).toThrow('This text is 2,332 bytes long; a QR code (error correction M) holds at most 2,331.');
    expect(encodeQr('x'.repeat(2331)).version).toBe(40);
  });

  it('draws each run of dark modules as one rectangle inside the quiet zone', () => {
    const code = { size: 3, modules: [[true, true, false], [false, false, false], [true, false, true]] };
    expect(qrViewBox(code)).toBe('0 0 11 11');
    expect(qrPath(code)).toBe('M4 4h2v1h-2zM4 6h1v1h-1zM6 6h1v1h-1z');
    const real = encodeQr('path');
    const darkCount = real.modules.flat().filter(Boolean).length;
    const area = [...qrPath(real).matchAll(/h(\d+)v1/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(area).toBe(darkCount);
  });
});
