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
