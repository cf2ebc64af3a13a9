// The directions cos(w(a+b)) and sin(w(a+b)), w = 2πk/p, as unit vectors over the p² inputs (row a*p+b).
// Built as the paper does (helpers.py: get_component_cos_xpy / get_component_sin_xpy) from the 2-D basis terms:
//   cos(w(a+b)) ∝ cos_a cos_b − sin_a sin_b,  sin(w(a+b)) ∝ sin_a cos_b + cos_a sin_b,  each divided by √2.
// Entry-wise this is √2/p · cos(w(a+b)) (resp. sin), which the fast loss code uses directly.
import { fourierBasis } from './fourier';

export function cosSumDirection(p: number, k: number, basis = fourierBasis(p)): Float64Array {
  return sumDirection(p, k, basis, false);
}

export function sinSumDirection(p: number, k: number, basis = fourierBasis(p)): Float64Array {
  return sumDirection(p, k, basis, true);
}

function sumDirection(p: number, k: number, basis: Float64Array, sine: boolean): Float64Array {
  if (!(k >= 1 && k <= (p - 1) / 2)) throw new Error(`invalid frequency: ${k} (need 1..${(p - 1) / 2})`);
  const c = (2 * k - 1) * p;
  const s = 2 * k * p;
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const v = sine
        ? basis[s + a] * basis[c + b] + basis[c + a] * basis[s + b]
        : basis[c + a] * basis[c + b] - basis[s + a] * basis[s + b];
      out[a * p + b] = v / Math.SQRT2;
    }
  }
  return out;
}
