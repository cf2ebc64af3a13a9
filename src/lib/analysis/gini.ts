// Gini coefficient G = mean_{i,j} |x_i − x_j| / (2 · mean x), computed in O(n log n) from the sorted values:
// Σ_{i,j}|x_i − x_j| = 2 Σ_i (2i − n + 1) x_(i) (ascending, 0-based), so G = Σ_i (2i − n + 1) x_(i) / (n Σ x).
// 0 for a constant vector, (n−1)/n for a one-hot vector. Defined as 0 when Σ x = 0.

export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const xs = Float64Array.from(values as ArrayLike<number>).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += xs[i];
    weighted += (2 * i - n + 1) * xs[i];
  }
  return total === 0 ? 0 : weighted / (n * total);
}

/**
 * Gini of a model's per-frequency Fourier norms, over the non-constant frequencies k = 1..(p-1)/2
 * (the constant term is not a frequency the circuit can choose; the paper's own code for it is not public).
 */
export function frequencyGini(norms: ArrayLike<number>): number {
  return gini(Array.prototype.slice.call(norms, 1) as number[]);
}
