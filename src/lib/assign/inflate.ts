// A raw DEFLATE decoder (RFC 1951), after Mark Adler's puff.c: small, synchronous, and the same in
// Node and in the browser. Browsers have DecompressionStream, but it gives nothing back from a stream
// that stops early or was damaged; an assignment address cut short by a chat app must still open the
// steps before the cut. So this decoder returns every byte it produced before the first problem,
// with what the problem was. Raw deflate has no checksum: damage is caught only when it breaks the
// code structure, and the wire format's own checks (wire-v1.ts) catch the rest.

export type InflateError = 'truncated' | 'invalid' | 'too-large';

export interface InflateResult {
  /** The output up to the end of the stream, or up to the first problem. */
  bytes: Uint8Array;
  /** Absent when the stream ended with its final block. */
  error?: InflateError;
}

class Stop extends Error {
  constructor(readonly why: InflateError) {
    super(why);
  }
}

const MAXBITS = 15;
const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code lengths of its code-length code. */
const CLORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function huffman(lengths: ArrayLike<number>, n: number): Huffman {
  const count = new Uint16Array(MAXBITS + 1);
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  // Over-subscribed codes are invalid; incomplete ones are allowed (a single distance code is legal).
  let left = 1;
  for (let len = 1; len <= MAXBITS; len++) {
    left = (left << 1) - count[len];
    if (left < 0) throw new Stop('invalid');
  }
  const offs = new Uint16Array(MAXBITS + 2);
  for (let len = 1; len <= MAXBITS; len++) offs[len + 1] = offs[len] + count[len];
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]]++] = s;
  return { count, symbol };
}

let fixed: { lit: Huffman; dist: Huffman } | undefined;
function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixed = { lit: huffman(l, 288), dist: huffman(new Uint8Array(30).fill(5), 30) };
  }
  return fixed;
}

class Reader {
  pos = 0;
  private buf = 0;
  private cnt = 0;
  out: Uint8Array;
  len = 0;
  constructor(
    private readonly input: Uint8Array,
    private readonly max: number,
  ) {
    this.out = new Uint8Array(Math.min(max, Math.max(1024, input.length * 4)));
  }

  bits(n: number): number {
    let buf = this.buf;
    while (this.cnt < n) {
      if (this.pos >= this.input.length) throw new Stop('truncated');
      buf |= this.input[this.pos++] << this.cnt;
      this.cnt += 8;
    }
    this.buf = buf >>> n;
    this.cnt -= n;
    return buf & ((1 << n) - 1);
  }

  alignToByte(): void {
    this.buf = 0;
    this.cnt = 0;
  }

  byte(): number {
    if (this.pos >= this.input.length) throw new Stop('truncated');
    return this.input[this.pos++];
  }

  push(b: number): void {
    if (this.len === this.out.length) {
      if (this.len >= this.max) throw new Stop('too-large');
      const grown = new Uint8Array(Math.min(this.max, this.out.length * 2));
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.len++] = b;
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAXBITS; len++) {
      code |= this.bits(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Stop('invalid');
  }
}

function stored(r: Reader): void {
  r.alignToByte();
  const len = r.byte() | (r.byte() << 8);
  const nlen = r.byte() | (r.byte() << 8);
  if (len !== (~nlen & 0xffff)) throw new Stop('invalid');
  for (let i = 0; i < len; i++) r.push(r.byte());
}

function codes(r: Reader, lit: Huffman, dist: Huffman): void {
  for (;;) {
    const sym = r.decode(lit);
    if (sym < 256) r.push(sym);
    else if (sym === 256) return;
    else {
      const li = sym - 257;
      if (li >= 29) throw new Stop('invalid');
      const len = LBASE[li] + r.bits(LEXT[li]);
      const di = r.decode(dist);
      if (di >= 30) throw new Stop('invalid');
      const d = DBASE[di] + r.bits(DEXT[di]);
      if (d > r.len) throw new Stop('invalid');
      for (let i = 0; i < len; i++) r.push(r.out[r.len - d]);
    }
  }
}

function dynamic(r: Reader): void {
  const nlen = r.bits(5) + 257;
  const ndist = r.bits(5) + 1;
  const ncode = r.bits(4) + 4;
  if (nlen > 286 || ndist > 30) throw new Stop('invalid');
  const lengths = new Uint8Array(320);
  for (let i = 0; i < ncode; i++) lengths[CLORDER[i]] = r.bits(3);
  const lencode = huffman(lengths, 19);
  lengths.fill(0);
  let i = 0;
  while (i < nlen + ndist) {
    const sym = r.decode(lencode);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let value = 0;
    let repeat: number;
    if (sym === 16) {
      if (i === 0) throw new Stop('invalid');
      value = lengths[i - 1];
      repeat = 3 + r.bits(2);
    } else if (sym === 17) repeat = 3 + r.bits(3);
    else repeat = 11 + r.bits(7);
    if (i + repeat > nlen + ndist) throw new Stop('invalid');
    while (repeat--) lengths[i++] = value;
  }
  if (lengths[256] === 0) throw new Stop('invalid'); // no end-of-block code
  const lit = huffman(lengths.subarray(0, nlen), nlen);
  const dist = huffman(lengths.subarray(nlen, nlen + ndist), ndist);
  codes(r, lit, dist);
}

/** Decodes raw DEFLATE data, producing at most `maxOutput` bytes. Never throws. */
export function inflateRaw(input: Uint8Array, maxOutput: number): InflateResult {
  const r = new Reader(input, maxOutput);
  try {
    let last = 0;
    while (!last) {
      last = r.bits(1);
      const type = r.bits(2);
      if (type === 0) stored(r);
      else if (type === 1) codes(r, fixedCodes().lit, fixedCodes().dist);
      else if (type === 2) dynamic(r);
      else throw new Stop('invalid');
    }
    return { bytes: r.out.slice(0, r.len) };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { bytes: r.out.slice(0, r.len), error: e.why };
  }
}
