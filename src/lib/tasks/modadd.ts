/**
 * The modular-addition dataset of Nanda et al.: all p^2 pairs (a, b), input tokens [a, b, p]
 * ('=' is token p), label (a + b) mod p. The split: pair index a*p + b for every pair, shuffled by
 * Rng(seed, "split") (Fisher–Yates), the first round(trainFrac * p^2) are the training set.
 */
import { Rng } from './prng';

export interface ModAddSplit {
  p: number;
  /** Pair indices a*p + b, in shuffled order within each set. */
  train: Int32Array;
  test: Int32Array;
}

export function modAddSplit(p: number, trainFrac: number, seed: number): ModAddSplit {
  const n = p * p;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  new Rng(seed, 'split').shuffle(idx);
  const nTrain = Math.round(trainFrac * n);
  return { p, train: idx.slice(0, nTrain), test: idx.slice(nTrain) };
}

/** Token rows [n, 3] = (a, b, p) and labels [n] for the given pair indices. */
export function modAddBatch(p: number, pairs: Int32Array): { tokens: Int32Array; labels: Int32Array } {
  const n = pairs.length;
  const tokens = new Int32Array(n * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(pairs[i] / p);
    const b = pairs[i] % p;
    tokens[3 * i] = a;
    tokens[3 * i + 1] = b;
    tokens[3 * i + 2] = p;
    labels[i] = (a + b) % p;
  }
  return { tokens, labels };
}

/** All p^2 pairs in order a*p + b. */
export function allPairs(p: number): Int32Array {
  const idx = new Int32Array(p * p);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx;
}

/** Bitset of p^2 bits, bit (a*p+b) set for training pairs, LSB-first in each byte (manifest format). */
export function trainBitset(split: ModAddSplit): Uint8Array {
  const bits = new Uint8Array(Math.ceil((split.p * split.p) / 8));
  for (const i of split.train) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}
