/**
 * One evaluation of the live model over all p^2 pairs, reduced to what the figure draws. Cheap on
 * purpose (p = 47, d_mlp 256: ~10 ms): losses/accuracies, key frequencies from the neuron clusters,
 * the restricted loss on those frequencies (decomposeLogits + restrictedLossFrom), the Fourier norms of
 * W_E, and the correct-pairs bitset. Pure: runs in the worker, on the main thread and in Node tests.
 */
import {
  correctBitset, decomposeLogits, fourierBasis, frequencyNorms, keyFrequencies, lossAndAccuracy, neuronFrequencies,
  restrictedLossFrom,
} from '../../analysis';

export interface LiveSnapshot {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Restricted loss on `keyFreqs` (NaN while there are none). */
  restrictedLoss: number;
  keyFreqs: number[];
  /** Norm of W_E[:p] per frequency k = 0..(p-1)/2. */
  fourierWE: number[];
  /** p^2 bits, bit a*p+b set when argmax logits = (a+b) mod p. */
  correct: Uint8Array;
}

export interface SnapshotInput {
  step: number;
  p: number;
  dVocab: number;
  dModel: number;
  dMlp: number;
  /** [p^2, d_vocab] final-position logits, row a*p+b. */
  logits: Float32Array;
  /** [p^2, d_mlp] final-position ReLU activations. */
  mlpPost: Float32Array;
  /** W_E [d_vocab, d_model]. */
  wE: Float32Array;
  trainBits: Uint8Array;
}

const bases = new Map<number, Float64Array>();

export function liveSnapshot(s: SnapshotInput): LiveSnapshot {
  const { p, dVocab } = s;
  let basis = bases.get(p);
  if (!basis) bases.set(p, (basis = fourierBasis(p)));
  const train = lossAndAccuracy(s.logits, p, dVocab, s.trainBits, true);
  const test = lossAndAccuracy(s.logits, p, dVocab, s.trainBits, false);
  const nf = neuronFrequencies(s.mlpPost, p, s.dMlp, { basis });
  const keyFreqs = keyFrequencies(nf.cluster, 1);
  const restrictedLoss = keyFreqs.length ? restrictedLossFrom(decomposeLogits(s.logits, p, dVocab), keyFreqs) : NaN;
  return {
    step: s.step,
    trainLoss: train.loss, testLoss: test.loss, trainAcc: train.accuracy, testAcc: test.accuracy,
    restrictedLoss, keyFreqs,
    fourierWE: Array.from(frequencyNorms(s.wE, p, s.dModel, basis)),
    correct: correctBitset(s.logits, p, dVocab),
  };
}
