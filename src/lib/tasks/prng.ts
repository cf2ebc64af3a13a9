/**
 * The engine's named, seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 32-bit,
 * as in PractRand) seeded by splitmix32 from (seed, stream name). Same seed + same stream name gives
 * the same numbers on every platform (pure 32-bit integer arithmetic), so the data split and the
 * initial weights are identical on the CPU and WebGPU backends (both draw on the host).
 *
 * Streams used by the engine: "split" (data shuffle), "init" (parameter init).
 * Normals: Box–Muller, one normal per pair of uniforms (the sine partner is discarded so the state
 * is just the four words): z = sqrt(-2 ln(1 - u1)) * cos(2 pi u2).
 */

/** FNV-1a 32-bit hash of a stream name. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    const st = { s: (seed ^ hashName(stream)) >>> 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    for (let i = 0; i < 12; i++) this.nextU32(); // warm up, as recommended for sfc32
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) (n <= 2^32; the tiny modulo bias of the multiply-shift is accepted). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, cosine branch). */
  normal(): number {
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** In-place Fisher–Yates shuffle (from the end, j uniform in [0, i]). */
  shuffle<T>(xs: T[] | Int32Array): void {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
  }

  getState(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0]; // unsigned, so a saved state is byte-identical after a resume
  }
  setState(s: readonly number[]): void {
    [this.a, this.b, this.c, this.d] = s.map((x) => x >>> 0);
  }
}
