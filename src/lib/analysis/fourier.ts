// The real Fourier basis over Z_p used by Nanda et al. (transformers.py, make_fourier_basis):
// row 0 = ones / sqrt(p); for k = 1..(p-1)/2, row 2k-1 = cos(2πkx/p) and row 2k = sin(2πkx/p),
// each scaled to unit norm. For odd p this is a p×p orthonormal matrix (rows = basis vectors).

/** p×p basis, row-major Float64Array: basis[r*p + x]. Requires odd p ≥ 3. */
export function fourierBasis(p: number): Float64Array {
  if (!Number.isInteger(p) || p < 3 || p % 2 === 0) throw new Error(`invalid p: ${p} (need an odd integer ≥ 3)`);
  const out = new Float64Array(p * p);
  const c0 = 1 / Math.sqrt(p);
  for (let x = 0; x < p; x++) out[x] = c0;
  for (let k = 1; k <= (p - 1) / 2; k++) {
    const rc = (2 * k - 1) * p;
    const rs = 2 * k * p;
    let nc = 0;
    let ns = 0;
    for (let x = 0; x < p; x++) {
      const t = (2 * Math.PI * k * x) / p;
      out[rc + x] = Math.cos(t);
      out[rs + x] = Math.sin(t);
      nc += out[rc + x] ** 2;
      ns += out[rs + x] ** 2;
    }
    nc = 1 / Math.sqrt(nc);
    ns = 1 / Math.sqrt(ns);
    for (let x = 0; x < p; x++) {
      out[rc + x] *= nc;
      out[rs + x] *= ns;
    }
  }
  return out;
}

/** Number of frequencies including the constant: k = 0..(p-1)/2. */
export function nFrequencies(p: number): number {
  return (p + 1) / 2;
}

/** Human names of the basis rows: 'const', 'cos 1', 'sin 1', … */
export function fourierBasisNames(p: number): string[] {
  const names = ['const'];
  for (let k = 1; k <= (p - 1) / 2; k++) names.push(`cos ${k}`, `sin ${k}`);
  return names;
}
