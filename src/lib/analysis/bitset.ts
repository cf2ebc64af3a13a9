// Pair sets over Z_p × Z_p as bitsets: bit (a*p + b), LSB-first in each byte (the manifest's trainBitset and each checkpoint's `correct`).
// base64 via btoa/atob, which exist in browsers and in Node ≥ 16, so no Buffer.

export function createBitset(nBits: number): Uint8Array {
  return new Uint8Array(Math.ceil(nBits / 8));
}

export function getBit(bits: Uint8Array, i: number): boolean {
  return ((bits[i >> 3] >> (i & 7)) & 1) === 1;
}

export function setBit(bits: Uint8Array, i: number, on = true): void {
  if (on) bits[i >> 3] |= 1 << (i & 7);
  else bits[i >> 3] &= ~(1 << (i & 7));
}

export function countBits(bits: Uint8Array, nBits: number): number {
  let c = 0;
  for (let i = 0; i < nBits; i++) if (getBit(bits, i)) c++;
  return c;
}

export function encodeBitset(bits: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000; // keep String.fromCharCode's argument list bounded
  for (let i = 0; i < bits.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(bits.subarray(i, i + CHUNK)));
  }
  return btoa(s);
}

/** Decodes base64 and checks it holds exactly ceil(nBits/8) bytes with no stray bits set past nBits. */
export function decodeBitset(b64: string, nBits: number): Uint8Array {
  let s: string;
  try {
    s = atob(b64);
  } catch {
    throw new Error('invalid bitset: not base64');
  }
  const want = Math.ceil(nBits / 8);
  if (s.length !== want) throw new Error(`invalid bitset: ${s.length} bytes, expected ${want} for ${nBits} bits`);
  const out = new Uint8Array(want);
  for (let i = 0; i < want; i++) out[i] = s.charCodeAt(i);
  for (let i = nBits; i < want * 8; i++) if (getBit(out, i)) throw new Error(`invalid bitset: bit ${i} set past ${nBits} bits`);
  return out;
}
