// Arithmetic in GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), and the Reed–Solomon error
// correction codewords of one block: the remainder of data·x^n divided by the generator ∏(x − 2^i), i < n.

const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 510; i++) EXP[i] = EXP[i - 255];
}

export function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** The generator polynomial of degree n, coefficients from x^(n−1) down to x^0 (the leading 1 is implied). */
export function generator(n: number): Uint8Array {
  const g = new Uint8Array(n);
  g[n - 1] = 1; // start from the polynomial 1
  let root = 1;
  for (let i = 0; i < n; i++) {
    // multiply by (x − root): shift up, add root·g
    for (let j = 0; j < n; j++) {
      g[j] = gfMul(g[j], root) ^ (j + 1 < n ? g[j + 1] : 0);
    }
    root = gfMul(root, 2);
  }
  return g;
}

/** The n error correction codewords of a block of data codewords. */
export function ecCodewords(data: ArrayLike<number>, n: number): Uint8Array {
  const g = generator(n);
  const r = new Uint8Array(n);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i] ^ r[0];
    r.copyWithin(0, 1);
    r[n - 1] = 0;
    for (let j = 0; j < n; j++) r[j] ^= gfMul(g[j], factor);
  }
  return r;
}
