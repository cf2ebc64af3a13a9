// Norm per frequency of a matrix whose rows are indexed by a residue x ∈ Z_p
// (W_E[:p] or W_L[:p]): transform the row axis into the Fourier basis, then combine
// cos and sin rows of each frequency: norm_k = sqrt(|F[2k-1]|² + |F[2k]|²), norm_0 = |F[0]|.
import { fourierBasis, nFrequencies } from './fourier';
import { need, type Weights } from './types';

/**
 * rows: row-major [p, cols] (only the first p rows of `data` are read, so W_E [p+1, d] can be passed as is).
 * Returns Float64Array of length (p+1)/2.
 */
export function frequencyNorms(data: ArrayLike<number>, p: number, cols: number, basis = fourierBasis(p)): Float64Array {
  const sq = new Float64Array(p); // squared norm of each Fourier row
  const acc = new Float64Array(cols);
  for (let r = 0; r < p; r++) {
    acc.fill(0);
    for (let x = 0; x < p; x++) {
      const bx = basis[r * p + x];
      const off = x * cols;
      for (let j = 0; j < cols; j++) acc[j] += bx * data[off + j];
    }
    let s = 0;
    for (let j = 0; j < cols; j++) s += acc[j] * acc[j];
    sq[r] = s;
  }
  const out = new Float64Array(nFrequencies(p));
  out[0] = Math.sqrt(sq[0]);
  for (let k = 1; k < out.length; k++) out[k] = Math.sqrt(sq[2 * k - 1] + sq[2 * k]);
  return out;
}

/** W_L = W_U^T W_out : [d_vocab, d_mlp] (the neuron-to-logit map). */
export function neuronToLogitMap(w: Weights): { data: Float64Array; rows: number; cols: number } {
  const wu = need(w, 'W_U'); // [d_model, d_vocab]
  const wo = need(w, 'W_out'); // [d_model, d_mlp]
  const [dm, dv] = wu.shape;
  const dmlp = wo.shape[1];
  const out = new Float64Array(dv * dmlp);
  for (let d = 0; d < dm; d++) {
    const uo = d * dv;
    const oo = d * dmlp;
    for (let v = 0; v < dv; v++) {
      const u = wu.data[uo + v];
      const ro = v * dmlp;
      for (let m = 0; m < dmlp; m++) out[ro + m] += u * wo.data[oo + m];
    }
  }
  return { data: out, rows: dv, cols: dmlp };
}

/** Per-frequency norms of W_E[:p] (k = 0..(p-1)/2). */
export function fourierNormsWE(w: Weights, p: number, basis = fourierBasis(p)): Float64Array {
  const we = need(w, 'W_E');
  return frequencyNorms(we.data, p, we.shape[1], basis);
}

/** Per-frequency norms of W_L[:p] (k = 0..(p-1)/2). */
export function fourierNormsWL(w: Weights, p: number, basis = fourierBasis(p)): Float64Array {
  const wl = neuronToLogitMap(w);
  return frequencyNorms(wl.data, p, wl.cols, basis);
}
