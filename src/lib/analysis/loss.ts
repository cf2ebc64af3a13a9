// Cross-entropy and accuracy over a set of (a, b) pairs, from logits over all p² pairs.
// logits: Float32Array [p², dVocab], row a*p+b; the label of row i is (a+b) mod p.
// Cross-entropy is over all dVocab classes (the model's outputs), computed in float64 with log-sum-exp.
import { getBit } from './bitset';

export interface LossAccuracy {
  loss: number;
  accuracy: number;
  count: number;
}

/** Label of row i = a*p + b. */
export function labelOf(i: number, p: number): number {
  return ((i / p | 0) + (i % p)) % p;
}

/** -log softmax(row)[label], in float64. */
export function rowCrossEntropy(logits: ArrayLike<number>, off: number, n: number, label: number): number {
  let mx = -Infinity;
  for (let c = 0; c < n; c++) if (logits[off + c] > mx) mx = logits[off + c];
  let s = 0;
  for (let c = 0; c < n; c++) s += Math.exp(logits[off + c] - mx);
  return Math.log(s) + mx - logits[off + label];
}

/** Index of the largest entry (first on ties). */
export function rowArgmax(logits: ArrayLike<number>, off: number, n: number): number {
  let best = 0;
  let mx = logits[off];
  for (let c = 1; c < n; c++) if (logits[off + c] > mx) { mx = logits[off + c]; best = c; }
  return best;
}

/**
 * Mean cross-entropy and accuracy over the pairs whose bit in `bits` equals `member`
 * (member=true: the set itself, e.g. train; false: its complement, e.g. test). NaN loss/accuracy if empty.
 */
export function lossAndAccuracy(
  logits: ArrayLike<number>,
  p: number,
  dVocab: number,
  bits: Uint8Array,
  member = true,
): LossAccuracy {
  let loss = 0;
  let correct = 0;
  let count = 0;
  for (let i = 0; i < p * p; i++) {
    if (getBit(bits, i) !== member) continue;
    const off = i * dVocab;
    const y = labelOf(i, p);
    loss += rowCrossEntropy(logits, off, dVocab, y);
    if (rowArgmax(logits, off, dVocab) === y) correct++;
    count++;
  }
  return { loss: count ? loss / count : NaN, accuracy: count ? correct / count : NaN, count };
}
