// Total sum of squared weights over all parameters (the paper's `sum_of_squared_weights`, summed).
import type { Weights } from './types';

export function sumSquaredWeights(w: Weights): number {
  let s = 0;
  for (const name of Object.keys(w)) {
    const d = w[name].data;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  }
  return s;
}
