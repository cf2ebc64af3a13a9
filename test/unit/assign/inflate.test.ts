// The pure inflater against zlib: every block type, random and repetitive data, and what it returns
// from a stream cut short or damaged (the bytes before the problem, never an exception).
import { deflateRawSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from '../../../src/lib/assign/inflate';
import { fromBase64url, toBase64url } from '../../../src/lib/assign/base64url';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function samples(): [string, Uint8Array][] {
  const r = rng(7);
  const random = Uint8Array.from({ length: 5000 }, () => Math.floor(r() * 256));
  const text = new TextEncoder().encode('["f","clock","clock.a=3&clock.b=5","Turn the clock: π ≈ 3.14 — où?"]\n'.repeat(40));
  const small = Uint8Array.from({ length: 3000 }, () => Math.floor(r() * 4));
  return [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(65)],
    ['random (stored blocks)', random],
    ['repetitive text', text],
    ['small alphabet', small],
  ];
}

describe('inflateRaw', () => {
  for (const [name, data] of samples()) {
    for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY]) {
      it(`decodes ${name} (strategy ${strategy}) as zlib wrote it`, () => {
        const packed = deflateRawSync(data, { strategy });
        const out = inflateRaw(packed, 1 << 20);
        expect(out.error).toBeUndefined();
        expect(Buffer.from(out.bytes).equals(Buffer.from(data))).toBe(true);
      });
    }
    it(`decodes ${name} at level 0 (stored)`, () => {
      const out = inflateRaw(deflateRawSync(data, { level: 0 }), 1 << 20);
      expect(Buffer.from(out.bytes).equals(Buffer.from(data))).toBe(true);
    });
  }

  it('returns a prefix of the data from a stream cut short, and says so', () => {
    const data = samples()[3][1];
    const packed = deflateRawSync(data);
    for (const keep of [0, 1, 5, Math.floor(packed.length / 2), packed.length - 1]) {
      const out = inflateRaw(packed.subarray(0, keep), 1 << 20);
      expect(out.error).toBe('truncated');
      expect(Buffer.from(data.subarray(0, out.bytes.length)).equals(Buffer.from(out.bytes))).toBe(true);
    }
  });

  it('stops at the output limit', () => {
    const data = new Uint8Array(100_000).fill(97);
    const out = inflateRaw(deflateRawSync(data), 1000);
    expect(out.error).toBe('too-large');
    expect(out.bytes.length).toBe(1000);
  });

  it('never throws on damaged or random input', () => {
    const r = rng(3);
    const packed = deflateRawSync(samples()[3][1]);
    for (let k = 0; k < 300; k++) {
      const bad = Uint8Array.from(packed);
      bad[Math.floor(r() * bad.length)] ^= 1 << Math.floor(r() * 8);
      expect(() => inflateRaw(bad, 1 << 16)).not.toThrow();
      const noise = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      expect(() => inflateRaw(noise, 1 << 16)).not.toThrow();
    }
    expect(inflateRaw(Uint8Array.of(0xff, 0xff), 100).error).toBe('invalid'); // block type 3
  });
});

describe('base64url', () => {
  it('round-trips every length, and matches Node', () => {
    const r = rng(11);
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual({ bytes, valid: true });
    }
  });

  it('reads up to the first character outside the alphabet', () => {
    const text = toBase64url(Uint8Array.of(1, 2, 3, 4, 5, 6));
    const { bytes, valid } = fromBase64url(`${text.slice(0, 4)}%<${text.slice(4)}`);
    expect(valid).toBe(false);
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});
