// Everything the trainer logs for one step (metrics.jsonl, minus "step") and stores per checkpoint
// (analysis/step-XXXXXX.json, minus "step"), from the weights and one forward pass over all p² pairs.
// The same function runs in the trainer and live in the page.
import { encodeBitset } from './bitset';
import { correctBitset } from './correct';
import { fourierBasis } from './fourier';
import { fourierNormsWE, fourierNormsWL } from './fourier-norms';
import { frequencyGini } from './gini';
import { keyFrequencies, neuronFrequencies } from './key-frequencies';
import { lossAndAccuracy } from './loss';
import { decomposeLogits, excludedLossFrom, restrictedLossFrom } from './progress-losses';
import { dimsFromWeights, type Weights } from './types';
import { sumSquaredWeights } from './weight-norm';

export interface StepMetrics {
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  restrictedLoss: number;
  excludedLoss: number;
  weightNorm: number;
  giniWE: number;
  giniWL: number;
  keyFreqs: number[];
}

export interface CheckpointAnalysis {
  fourierWE: number[];
  fourierWL: number[];
  neuronFreq: number[];
  keyFreqs: number[];
  correct: string;
}

export interface MetricsInput {
  weights: Weights;
  /** Float32Array [p², d_out], row a*p+b, final position. */
  logits: ArrayLike<number>;
  /** Float32Array [p², d_mlp], row a*p+b, final-position ReLU outputs. */
  mlpPost: ArrayLike<number>;
  /** p² bits, bit a*p+b set for a training pair (decodeBitset(manifest.split.trainBitset, p*p)). */
  trainBits: Uint8Array;
}

export interface MetricsOptions {
  /**
   * Frequencies used for restricted/excluded loss. The paper uses the final model's key frequencies at
   * every checkpoint; pass them here when known. Default: the key frequencies detected at this step.
   */
  lossFreqs?: readonly number[];
  /** Share of a neuron's variance its frequency must explain to be clustered (default 0.85). */
  threshold?: number;
  /** Minimum neurons in a cluster for its frequency to count as key (default 1). */
  minNeurons?: number;
}

export interface MetricsResult {
  metrics: StepMetrics;
  analysis: CheckpointAnalysis;
  /** Extras not written to the run's files: each neuron's best frequency and its share, frequencies used for the losses. */
  details: { neuronBest: number[]; neuronFrac: number[]; lossFreqs: number[] };
}

export function computeMetrics(input: MetricsInput, opts: MetricsOptions = {}): MetricsResult {
  const { weights, logits, mlpPost, trainBits } = input;
  const { p, d_out: dv, d_mlp: dm } = dimsFromWeights(weights);
  if (logits.length !== p * p * dv) throw new Error(`logits: expected ${p * p * dv} values ([${p * p}, ${dv}]), got ${logits.length}`);
  if (mlpPost.length !== p * p * dm) throw new Error(`mlpPost: expected ${p * p * dm} values, got ${mlpPost.length}`);
  if (trainBits.length !== Math.ceil((p * p) / 8)) throw new Error(`trainBits: expected ${Math.ceil((p * p) / 8)} bytes for p=${p}, got ${trainBits.length}`);
  const basis = fourierBasis(p);

  const train = lossAndAccuracy(logits, p, dv, trainBits, true);
  const test = lossAndAccuracy(logits, p, dv, trainBits, false);
  const nf = neuronFrequencies(mlpPost, p, dm, { basis, threshold: opts.threshold });
  const keyFreqs = keyFrequencies(nf.cluster, opts.minNeurons ?? 1);
  const lossFreqs = [...(opts.lossFreqs ?? keyFreqs)];
  const dec = decomposeLogits(logits, p, dv);
  const fWE = fourierNormsWE(weights, p, basis);
  const fWL = fourierNormsWL(weights, p, basis);

  const metrics: StepMetrics = {
    trainLoss: train.loss,
    testLoss: test.loss,
    trainAcc: train.accuracy,
    testAcc: test.accuracy,
    restrictedLoss: restrictedLossFrom(dec, lossFreqs),
    excludedLoss: excludedLossFrom(dec, logits, lossFreqs, trainBits),
    weightNorm: sumSquaredWeights(weights),
    giniWE: frequencyGini(fWE),
    giniWL: frequencyGini(fWL),
    keyFreqs,
  };
  const analysis: CheckpointAnalysis = {
    fourierWE: Array.from(fWE),
    fourierWL: Array.from(fWL),
    neuronFreq: Array.from(nf.cluster),
    keyFreqs,
    correct: encodeBitset(correctBitset(logits, p, dv)),
  };
  return { metrics, analysis, details: { neuronBest: Array.from(nf.best), neuronFrac: Array.from(nf.frac), lossFreqs } };
}
