// Neuron frequency clusters and key frequencies (Nanda et al., transformers.py: calculate_key_freqs).
//
// For each MLP neuron, take its final-position activation over all p² inputs as a p×p table X[a, b],
// centre it (subtract its mean), and transform both axes into the Fourier basis: F = B X Bᵀ.
// The share of frequency k is the squared mass of F in the 3×3 block rows/cols {const, cos k, sin k}
// (linear terms in a or b alone, and the products), divided by the total squared mass |X|² (Parseval).
// Each neuron gets the k with the largest share; neurons below `threshold` (0.85) are 'other' (0).
// Key frequencies: the distinct cluster frequencies held by at least `minNeurons` neurons.
//
// Deviations from the paper's code, on purpose: it loops `for freq in range(1, p//2)` and so never
// considers the top frequency (p-1)/2; we consider all k = 1..(p-1)/2. Its calculate_key_freqs returns
// np.unique over all neurons with no threshold (at initialisation that is nearly every frequency); we
// apply the 85% threshold from the paper's neuron-cluster analysis (Nanda et al. 2023, arXiv 2301.05217).
//
// Cost: O(p³ · d_mlp / 2) multiply-adds (the a-axis transform uses x ↔ p−x symmetry of cos/sin),
// ≈ 0.4 G for p = 113, d_mlp = 512. Neurons are processed in blocks to keep memory to a few MB.
import { fourierBasis } from './fourier';

export interface NeuronFrequencies {
  /** Best frequency k ∈ 1..(p-1)/2 of each neuron, regardless of threshold. */
  best: Int32Array;
  /** Share of the neuron's centred squared norm in its best frequency's block (0 for a constant neuron). */
  frac: Float64Array;
  /** Cluster: best k if frac ≥ threshold, else 0 ('other'). */
  cluster: Int32Array;
}

export interface NeuronFrequencyOptions {
  threshold?: number;
  /** Neurons per block (memory ≈ 4 · p² · block · 8 bytes). */
  block?: number;
  basis?: Float64Array;
}

/** acts: Float32Array [p², dMlp], row a*p+b (final-position ReLU outputs). */
export function neuronFrequencies(
  acts: ArrayLike<number>,
  p: number,
  dMlp: number,
  opts: NeuronFrequencyOptions = {},
): NeuronFrequencies {
  const threshold = opts.threshold ?? 0.85;
  const basis = opts.basis ?? fourierBasis(p);
  const nb = Math.min(opts.block ?? 32, dMlp);
  const h = (p - 1) / 2;
  const P2 = p * p;
  const best = new Int32Array(dMlp);
  const frac = new Float64Array(dMlp);
  const cluster = new Int32Array(dMlp);

  const L = p * nb; // length of one a-slice: [b, j]
  const X = new Float64Array(P2 * nb); // centred activations [a, b, j]
  const Y = new Float64Array(P2 * nb); // a-axis transformed [r, b, j]
  const sv = new Float64Array(L);
  const dv = new Float64Array(L);
  const mean = new Float64Array(nb);
  const total = new Float64Array(nb);
  const f0 = new Float64Array(p * nb); // F[0, r2] for all r2: [r2, j]
  const fc = new Float64Array(3 * nb); // F[cos k, {0, cos k, sin k}]
  const fs = new Float64Array(3 * nb);
  const bestFrac = new Float64Array(nb);

  for (let n0 = 0; n0 < dMlp; n0 += nb) {
    const m = Math.min(nb, dMlp - n0);
    // Gather and centre this block of neurons.
    mean.fill(0);
    for (let i = 0; i < P2; i++) {
      const src = i * dMlp + n0;
      for (let j = 0; j < m; j++) mean[j] += acts[src + j];
    }
    for (let j = 0; j < m; j++) mean[j] /= P2;
    total.fill(0);
    for (let i = 0; i < P2; i++) {
      const src = i * dMlp + n0;
      const dst = i * nb;
      for (let j = 0; j < m; j++) {
        const v = acts[src + j] - mean[j];
        X[dst + j] = v;
        total[j] += v * v;
      }
      for (let j = m; j < nb; j++) X[dst + j] = 0;
    }

    // Y = B X along a. Row 0: constant; cos rows use X[a] + X[p-a], sin rows use X[a] − X[p-a].
    Y.fill(0);
    const c0 = basis[0];
    for (let a = 0; a < p; a++) {
      const xo = a * L;
      for (let t = 0; t < L; t++) Y[t] += c0 * X[xo + t];
    }
    for (let k = 1; k <= h; k++) {
      const bc = basis[(2 * k - 1) * p]; // cos row at a = 0
      const yo = (2 * k - 1) * L;
      for (let t = 0; t < L; t++) Y[yo + t] = bc * X[t];
    }
    for (let a = 1; a <= h; a++) {
      const xa = a * L;
      const xb = (p - a) * L;
      for (let t = 0; t < L; t++) {
        sv[t] = X[xa + t] + X[xb + t];
        dv[t] = X[xa + t] - X[xb + t];
      }
      for (let k = 1; k <= h; k++) {
        const bc = basis[(2 * k - 1) * p + a];
        const bs = basis[2 * k * p + a];
        const yc = (2 * k - 1) * L;
        const ys = 2 * k * L;
        for (let t = 0; t < L; t++) {
          Y[yc + t] += bc * sv[t];
          Y[ys + t] += bs * dv[t];
        }
      }
    }

    // F[0, r2] for every r2 (row 0 of Y against every basis row along b).
    f0.fill(0);
    for (let r2 = 0; r2 < p; r2++) {
      const fo = r2 * nb;
      for (let b = 0; b < p; b++) {
        const w = basis[r2 * p + b];
        const yo = b * nb;
        for (let j = 0; j < nb; j++) f0[fo + j] += w * Y[yo + j];
      }
    }

    bestFrac.fill(-1);
    for (let k = 1; k <= h; k++) {
      const rc = 2 * k - 1;
      const rs = 2 * k;
      fc.fill(0);
      fs.fill(0);
      for (let b = 0; b < p; b++) {
        const w0 = basis[b];
        const wc = basis[rc * p + b];
        const ws = basis[rs * p + b];
        const yc = rc * L + b * nb;
        const ys = rs * L + b * nb;
        for (let j = 0; j < nb; j++) {
          const vc = Y[yc + j];
          const vs = Y[ys + j];
          fc[j] += w0 * vc;
          fc[nb + j] += wc * vc;
          fc[2 * nb + j] += ws * vc;
          fs[j] += w0 * vs;
          fs[nb + j] += wc * vs;
          fs[2 * nb + j] += ws * vs;
        }
      }
      for (let j = 0; j < m; j++) {
        const a00 = f0[j];
        const a0c = f0[rc * nb + j];
        const a0s = f0[rs * nb + j];
        let num = a00 * a00 + a0c * a0c + a0s * a0s;
        for (let q = 0; q < 3; q++) num += fc[q * nb + j] ** 2 + fs[q * nb + j] ** 2;
        const share = total[j] > 0 ? num / total[j] : 0;
        if (share > bestFrac[j]) {
          bestFrac[j] = share;
          best[n0 + j] = k;
        }
      }
    }
    for (let j = 0; j < m; j++) {
      frac[n0 + j] = bestFrac[j];
      cluster[n0 + j] = bestFrac[j] >= threshold ? best[n0 + j] : 0;
    }
  }
  return { best, frac, cluster };
}

/** Distinct non-zero cluster frequencies with at least `minNeurons` neurons, ascending. */
export function keyFrequencies(cluster: ArrayLike<number>, minNeurons = 1): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < cluster.length; i++) {
    const k = cluster[i];
    if (k > 0) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].filter(([, c]) => c >= minNeurons).map(([k]) => k).sort((x, y) => x - y);
}
