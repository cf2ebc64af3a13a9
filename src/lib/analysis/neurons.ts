// Helpers for the neuron heatmaps: which neurons to show, one neuron's activations over all (a, b) as a
// p×p table, and its 2-D Fourier power by pair of frequencies (k_a, k_b), as in Nanda et al. (2023, §4.2):
// a neuron of frequency k puts its power in (k, 0), (0, k) and (k, k), i.e. terms in a alone, b alone,
// and the products cos/sin(wa)·cos/sin(wb) that the trig identities need.
import { fourierBasis } from './fourier';

/**
 * Up to `max` neurons, one per cluster frequency, in the order of `keyFreqs` (then other clusters by size):
 * the first neuron of each cluster. `neuronFreq[i]` is neuron i's cluster (0 = 'other').
 */
export function pickNeurons(neuronFreq: readonly number[], keyFreqs: readonly number[], max = 4): { neuron: number; freq: number }[] {
  const members = new Map<number, number[]>();
  neuronFreq.forEach((k, i) => {
    if (k <= 0) return;
    if (!members.has(k)) members.set(k, []);
    members.get(k)!.push(i);
  });
  const bySize = [...members.keys()].sort((x, y) => members.get(y)!.length - members.get(x)!.length || x - y);
  const order = [...keyFreqs.filter((k) => members.has(k)), ...bySize.filter((k) => !keyFreqs.includes(k))];
  return order.slice(0, max).map((freq) => ({ neuron: members.get(freq)![0], freq }));
}

/** Neurons of cluster `freq`, in index order. */
export function clusterMembers(neuronFreq: readonly number[], freq: number): number[] {
  const out: number[] = [];
  neuronFreq.forEach((k, i) => {
    if (k === freq) out.push(i);
  });
  return out;
}

/** Neuron n's activation over all pairs: table[a*p + b] from mlp_post rows [p², dMlp]. */
export function neuronTable(mlpPost: ArrayLike<number>, p: number, dMlp: number, n: number): Float32Array {
  const out = new Float32Array(p * p);
  for (let r = 0; r < p * p; r++) out[r] = mlpPost[r * dMlp + n];
  return out;
}

export interface Power2D {
  /** ((p+1)/2)² grid, row k_a, column k_b: share of the centred squared norm in that frequency pair. */
  share: Float64Array;
  n: number;
  /** The frequency k ≥ 1 whose block {const, cos k, sin k}² holds the most power, and its share. */
  best: number;
  bestShare: number;
}

/**
 * 2-D Fourier power of a p×p table X[a, b]: F = B X Bᵀ in the real Fourier basis (rows const, cos k, sin k),
 * after centring; power of frequency pair (k_a, k_b) sums F² over the cos/sin rows of each (1 row for k = 0).
 * O(p³), fine for a few neurons.
 */
export function fourierPower2D(table: ArrayLike<number>, p: number, basis: Float64Array = fourierBasis(p)): Power2D {
  let mean = 0;
  for (let i = 0; i < p * p; i++) mean += table[i];
  mean /= p * p;
  // T = B X  (rows: basis index u, columns b)
  const t = new Float64Array(p * p);
  for (let u = 0; u < p; u++) {
    for (let a = 0; a < p; a++) {
      const bu = basis[u * p + a];
      if (bu === 0) continue;
      for (let b = 0; b < p; b++) t[u * p + b] += bu * (table[a * p + b] - mean);
    }
  }
  const n = (p + 1) / 2;
  const share = new Float64Array(n * n);
  let total = 0;
  for (let u = 0; u < p; u++) {
    for (let v = 0; v < p; v++) {
      let f = 0;
      for (let b = 0; b < p; b++) f += t[u * p + b] * basis[v * p + b];
      const e = f * f;
      total += e;
      share[Math.ceil(u / 2) * n + Math.ceil(v / 2)] += e; // row 2k−1, 2k → k
    }
  }
  if (total > 0) for (let i = 0; i < share.length; i++) share[i] /= total;
  let best = 1;
  let bestShare = -1;
  for (let k = 1; k < n; k++) {
    const s = share[k * n] + share[k] + share[k * n + k] + share[0];
    if (s > bestShare) [best, bestShare] = [k, s];
  }
  return { share, n, best, bestShare: Math.max(0, bestShare) };
}
