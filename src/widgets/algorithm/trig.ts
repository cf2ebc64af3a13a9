// The arithmetic of the algorithm chapter, as small pure functions (Nanda et al. 2023, "The algorithm"):
// a residue x mod p is the point at angle w·x on the unit circle, w = 2πk/p for a frequency k;
// composing two rotations adds their angles, and a full turn is p steps, so the circle does the "mod p".

/** The non-negative remainder of x mod p (JavaScript's % keeps the sign of x). */
export function mod(x: number, p: number): number {
  return ((x % p) + p) % p;
}

/** w = 2πk/p, the angular frequency of frequency k. */
export function omega(k: number, p: number): number {
  return (2 * Math.PI * k) / p;
}

/** Modular inverse of k mod p (p prime, k not a multiple of p), by the extended Euclidean algorithm. */
export function modInverse(k: number, p: number): number {
  let [r0, r1] = [mod(k, p), p];
  let [s0, s1] = [1, 0];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1) throw new Error(`invalid k: ${k} has no inverse mod ${p}`);
  return mod(s0, p);
}

export interface Composition {
  /** a + b as whole numbers. */
  sum: number;
  /** (a + b) mod p. */
  c: number;
  /** Angles in radians, unwrapped: wa, wb and w(a+b) = wa + wb. */
  angleA: number;
  angleB: number;
  angleSum: number;
  /** Full turns in w(a+b): floor(k(a+b)/p). The result point sits at angle w·c, i.e. angleSum − 2π·turns … up to k·c wrapping too. */
  turns: number;
  /** Position of the result on the p-point circle: k(a+b) mod p (= k·c mod p). */
  slot: number;
}

/** Composing the rotations of a and b at frequency k. */
export function compose(a: number, b: number, k: number, p: number): Composition {
  const w = omega(k, p);
  const sum = a + b;
  return {
    sum,
    c: mod(sum, p),
    angleA: w * a,
    angleB: w * b,
    angleSum: w * sum,
    turns: Math.floor((k * sum) / p),
    slot: mod(k * sum, p),
  };
}

/**
 * The residue x whose point at frequency k sits in slot j of the circle (k·x ≡ j mod p): what a drag
 * to slot j means. For k = 1 it is j itself; otherwise the points are a permutation of the slots.
 */
export function residueOfSlot(j: number, k: number, p: number): number {
  return mod(mod(j, p) * modInverse(k, p), p);
}

/** Nearest slot (0..p−1) to an angle in radians measured counter-clockwise from the positive x axis. */
export function slotOfAngle(theta: number, p: number): number {
  return mod(Math.round((theta / (2 * Math.PI)) * p), p);
}

/** The numbers of the trig identities for the reader's a, b, k, and a candidate answer c. */
export interface TrigTerms {
  w: number;
  cosA: number;
  sinA: number;
  cosB: number;
  sinB: number;
  /** cos wa · cos wb, sin wa · sin wb, sin wa · cos wb, cos wa · sin wb: the element-wise products. */
  cc: number;
  ss: number;
  sc: number;
  cs: number;
  /** cos(w(a+b)) = cc − ss and sin(w(a+b)) = sc + cs. */
  cosSum: number;
  sinSum: number;
  cosC: number;
  sinC: number;
  /** cos(w(a+b−c)) = cosSum·cos wc + sinSum·sin wc. */
  logit: number;
}

export function trigTerms(a: number, b: number, k: number, p: number, c: number): TrigTerms {
  const w = omega(k, p);
  const cosA = Math.cos(w * a);
  const sinA = Math.sin(w * a);
  const cosB = Math.cos(w * b);
  const sinB = Math.sin(w * b);
  const cc = cosA * cosB;
  const ss = sinA * sinB;
  const sc = sinA * cosB;
  const cs = cosA * sinB;
  const cosSum = cc - ss;
  const sinSum = sc + cs;
  const cosC = Math.cos(w * c);
  const sinC = Math.sin(w * c);
  return { w, cosA, sinA, cosB, sinB, cc, ss, sc, cs, cosSum, sinSum, cosC, sinC, logit: cosSum * cosC + sinSum * sinC };
}

/** cos(w_k(a+b−c)) for c = 0..p−1, one Float64Array per frequency, and their sum. */
export interface LogitCurves {
  perFreq: Float64Array[];
  sum: Float64Array;
}

export function logitCurves(a: number, b: number, p: number, freqs: readonly number[]): LogitCurves {
  const perFreq = freqs.map((k) => {
    const w = omega(k, p);
    return Float64Array.from({ length: p }, (_, c) => Math.cos(w * (a + b - c)));
  });
  const sum = new Float64Array(p);
  for (const row of perFreq) for (let c = 0; c < p; c++) sum[c] += row[c];
  return { perFreq, sum };
}

/** Index of the largest value (the first on ties). */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/**
 * How far the peak stands out: the sum at the right answer minus the largest sum at any other c.
 * With n frequencies the peak is n; a single frequency leaves the neighbours at cos(w) ≈ 1 − w²/2.
 */
export function peakMargin(sum: ArrayLike<number>, c: number): number {
  let other = -Infinity;
  for (let i = 0; i < sum.length; i++) if (i !== c) other = Math.max(other, sum[i]);
  return sum[c] - other;
}

/** Pearson correlation of two equal-length series (0 when either is constant). */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n === 0) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** A number for the prose and KaTeX: fixed decimals, a true minus sign, no "-0.000". */
export function fmt(x: number, digits = 3): string {
  const s = x.toFixed(digits);
  const zero = Number(s) === 0;
  return zero ? (0).toFixed(digits) : s.replace('-', '−');
}

/** The same for KaTeX source (ASCII minus, which KaTeX typesets as a minus sign). */
export function fmtTex(x: number, digits = 3): string {
  return fmt(x, digits).replace('−', '-');
}

/** The chapter's starting pair: past a full turn for any p (a + b ≈ 1.15 p). */
export function startPair(p: number): { a: number; b: number } {
  return { a: Math.round(p * 0.6), b: mod(Math.round(p * 0.55), p) };
}
