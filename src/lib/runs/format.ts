// Number formatting for prose and figure labels. Missing values (null, NaN: a run that has not reached a
// phase yet, or a measure the run does not log) print as an em dash rather than "NaN" or "null".
const DASH = '—';

function ok(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** 12,769 · 0.42 (significant digits for non-integers). */
export function num(x: number | null | undefined, digits = 3): string {
  if (!ok(x)) return DASH;
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return sci(x, digits);
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** 0.9987 → "99.9%"; digits after the decimal point. */
export function pct(x: number | null | undefined, digits = 1): string {
  if (!ok(x)) return DASH;
  return `${(100 * x).toFixed(digits).replace(/\.0+$/, '')}%`;
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 3.2e-7 → "3.2 × 10⁻⁷" (plain text, works in prose, titles and SVG). */
export function sci(x: number | null | undefined, digits = 2): string {
  if (!ok(x)) return DASH;
  if (x === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(x)));
  const m = Number((x / 10 ** e).toPrecision(digits));
  const exp = String(e).replace(/./g, (c) => SUP[c] ?? c);
  return m === 1 ? `10${exp}` : `${m} × 10${exp}`;
}

/** [14, 35, 41] → "14, 35 and 41". */
export function list(xs: readonly (number | string)[]): string {
  if (xs.length === 0) return DASH;
  if (xs.length === 1) return String(xs[0]);
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
