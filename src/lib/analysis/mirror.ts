// Test accuracy split by whether the mirror pair is in the training set.
//
// Addition is commutative: (a, b) and (b, a) have the same answer. A network that memorizes
// (a, b) can get (b, a) right without any general algorithm, just by treating its two inputs
// alike. So "test accuracy" during memorization mixes two things: held-out pairs whose mirror
// (b, a) was trained on (answerable by symmetry alone) and held-out pairs whose mirror is held out
// too (answerable only by an algorithm). The second group is the honest measure of generalization.
import { getBit } from './bitset';

export interface MirrorAccuracy {
  /** Held-out pairs whose mirror (b, a) is a training pair. */
  mirrorTrained: { correct: number; total: number; accuracy: number };
  /** Held-out pairs whose mirror is held out too (a = b counts here: it is its own mirror). */
  mirrorHeldOut: { correct: number; total: number; accuracy: number };
}

/** train, correct: p² bits, bit a*p+b. */
export function mirrorAccuracy(p: number, train: Uint8Array, correct: Uint8Array): MirrorAccuracy {
  let ct = 0, nt = 0, ch = 0, nh = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const i = a * p + b;
      if (getBit(train, i)) continue;
      const ok = getBit(correct, i) ? 1 : 0;
      if (getBit(train, b * p + a)) { ct += ok; nt++; } else { ch += ok; nh++; }
    }
  }
  return {
    mirrorTrained: { correct: ct, total: nt, accuracy: nt ? ct / nt : NaN },
    mirrorHeldOut: { correct: ch, total: nh, accuracy: nh ? ch / nh : NaN },
  };
}

/**
 * How many held-out pairs a uniformly random split gives a trained mirror, and how much that varies.
 * Each of the p(p-1)/2 unordered pairs {a, b} with a != b adds one such pair exactly when one of its two
 * members is trained: probability q = 2 n (N - n) / (N (N - 1)) for n training pairs out of N = p². The
 * mean is U q; the standard deviation is taken as binomial, sqrt(U q (1 - q)) (the draws without
 * replacement make the true one slightly smaller, so a 3-sigma check is, if anything, lenient).
 */
export function mirrorChance(p: number, nTrain: number): { mean: number; sd: number } {
  const N = p * p;
  const U = (p * (p - 1)) / 2;
  const q = (2 * nTrain * (N - nTrain)) / (N * (N - 1));
  return { mean: U * q, sd: Math.sqrt(U * q * (1 - q)) };
}

/** Held-out pairs whose mirror (b, a) is a training pair, for a p²-bit training set. */
export function mirrorTrainedCount(p: number, train: Uint8Array): number {
  let n = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) if (!getBit(train, a * p + b) && getBit(train, b * p + a)) n++;
  }
  return n;
}
