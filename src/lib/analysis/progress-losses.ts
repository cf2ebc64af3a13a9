// Restricted and excluded loss (Nanda et al., transformers.py: calculate_trig_loss, calculate_excluded_loss;
// helpers.py: test_logits, get_component_cos_xpy/sin_xpy).
//
// Both start from the logits over all p² inputs with the '=' column dropped ([p², p], as the paper's
// take_metrics does: logits[:, -1, :-1]), so their cross-entropy is over p classes.
// For a frequency k, each logit column L[:, c] is projected (over the batch axis) onto the unit directions
// u_cos = √2/p·cos(w(a+b)) and u_sin = √2/p·sin(w(a+b)); T = Σ_k (projections).
//   restricted logits = T + mean_batch(L − T)   (the paper's bias_correction), cross-entropy on ALL pairs;
//   excluded logits   = L − T                   (no correction), cross-entropy on the TRAIN pairs.
// The paper's text removes all key frequencies at once for the excluded loss (the paper's
// training code logs one value per frequency instead; call excludedLoss with [k] for that).
//
// Speed: u depends on (a+b) mod p only, so every projection needs just the column sums of L grouped by
// residue s = (a+b) mod p: M[s, c] (p×p). `decomposeLogits` computes M, the column means and the
// coefficients of every frequency once per checkpoint (O(p²·p)); choosing frequencies afterwards is cheap,
// which the page uses to recompute losses live as the reader toggles frequencies.
import { getBit } from './bitset';
import { rowCrossEntropy } from './loss';

export interface LogitDecomposition {
  p: number;
  dVocab: number;
  /** mean over the p² inputs of each of the first p logit columns */
  colMean: Float64Array;
  /** cosCoef[(k-1)*p + c] = u_cos(k) · L[:, c], for k = 1..(p-1)/2 */
  cosCoef: Float64Array;
  sinCoef: Float64Array;
}

/** logits: [p², dVocab], rows a*p+b. */
export function decomposeLogits(logits: ArrayLike<number>, p: number, dVocab: number): LogitDecomposition {
  const h = (p - 1) / 2;
  const M = new Float64Array(p * p); // [s, c]
  const colMean = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const s = (a + b) % p;
      const off = (a * p + b) * dVocab;
      const mo = s * p;
      for (let c = 0; c < p; c++) M[mo + c] += logits[off + c];
    }
  }
  for (let s = 0; s < p; s++) for (let c = 0; c < p; c++) colMean[c] += M[s * p + c];
  for (let c = 0; c < p; c++) colMean[c] /= p * p;
  const cosCoef = new Float64Array(h * p);
  const sinCoef = new Float64Array(h * p);
  const scale = Math.SQRT2 / p;
  for (let k = 1; k <= h; k++) {
    const o = (k - 1) * p;
    for (let s = 0; s < p; s++) {
      const t = (2 * Math.PI * k * s) / p;
      const cs = scale * Math.cos(t);
      const sn = scale * Math.sin(t);
      const mo = s * p;
      for (let c = 0; c < p; c++) {
        cosCoef[o + c] += cs * M[mo + c];
        sinCoef[o + c] += sn * M[mo + c];
      }
    }
  }
  return { p, dVocab, colMean, cosCoef, sinCoef };
}

/** T[s, c]: the part of the logits along cos/sin(w(a+b)) of the given frequencies, for inputs with a+b ≡ s. */
export function trigTable(d: LogitDecomposition, freqs: readonly number[]): Float64Array {
  const { p } = d;
  const T = new Float64Array(p * p);
  const scale = Math.SQRT2 / p;
  for (const k of freqs) {
    if (!(Number.isInteger(k) && k >= 1 && k <= (p - 1) / 2)) throw new Error(`invalid frequency: ${k}`);
    const o = (k - 1) * p;
    for (let s = 0; s < p; s++) {
      const t = (2 * Math.PI * k * s) / p;
      const cs = scale * Math.cos(t);
      const sn = scale * Math.sin(t);
      const to = s * p;
      for (let c = 0; c < p; c++) T[to + c] += cs * d.cosCoef[o + c] + sn * d.sinCoef[o + c];
    }
  }
  return T;
}

/** Restricted logits for inputs with a+b ≡ s: [p (s), p (c)]. */
export function restrictedLogits(d: LogitDecomposition, freqs: readonly number[]): Float64Array {
  const { p } = d;
  const T = trigTable(d, freqs);
  // mean over the batch of T: each residue s holds exactly p of the p² inputs.
  const tMean = new Float64Array(p);
  for (let s = 0; s < p; s++) for (let c = 0; c < p; c++) tMean[c] += T[s * p + c] / p;
  for (let s = 0; s < p; s++) for (let c = 0; c < p; c++) T[s * p + c] += d.colMean[c] - tMean[c];
  return T;
}

/** Restricted loss: cross-entropy over all p² inputs of the restricted logits (p classes). */
export function restrictedLossFrom(d: LogitDecomposition, freqs: readonly number[]): number {
  const { p } = d;
  const R = restrictedLogits(d, freqs);
  let loss = 0;
  for (let s = 0; s < p; s++) loss += rowCrossEntropy(R, s * p, p, s);
  return loss / p; // every residue has the same number (p) of inputs
}

/** Excluded loss: cross-entropy over the train pairs of L − T (p classes). */
export function excludedLossFrom(
  d: LogitDecomposition,
  logits: ArrayLike<number>,
  freqs: readonly number[],
  trainBits: Uint8Array,
): number {
  const { p, dVocab } = d;
  const T = trigTable(d, freqs);
  const row = new Float64Array(p);
  let loss = 0;
  let n = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const i = a * p + b;
      if (!getBit(trainBits, i)) continue;
      const s = (a + b) % p;
      const off = i * dVocab;
      for (let c = 0; c < p; c++) row[c] = logits[off + c] - T[s * p + c];
      loss += rowCrossEntropy(row, 0, p, s);
      n++;
    }
  }
  return n ? loss / n : NaN;
}

export function restrictedLoss(logits: ArrayLike<number>, p: number, dVocab: number, freqs: readonly number[]): number {
  return restrictedLossFrom(decomposeLogits(logits, p, dVocab), freqs);
}

export function excludedLoss(
  logits: ArrayLike<number>,
  p: number,
  dVocab: number,
  freqs: readonly number[],
  trainBits: Uint8Array,
): number {
  return excludedLossFrom(decomposeLogits(logits, p, dVocab), logits, freqs, trainBits);
}
