// Per-pair correctness over all p² pairs: bit (a*p+b) set when argmax over all dVocab logits equals (a+b) mod p.
import { createBitset, setBit } from './bitset';
import { labelOf, rowArgmax } from './loss';

export function correctBitset(logits: ArrayLike<number>, p: number, dVocab: number): Uint8Array {
  const bits = createBitset(p * p);
  for (let i = 0; i < p * p; i++) if (rowArgmax(logits, i * dVocab, dVocab) === labelOf(i, p)) setBit(bits, i);
  return bits;
}
