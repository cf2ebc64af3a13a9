// Pure helpers from data to marks for the training-curve figures: d3 scales and shapes, never
// re-implemented. Everything here runs during server rendering too (no DOM), so a figure's first
// paint (and its no-JavaScript rendering) is the same SVG the browser draws.
import { line, scaleLinear, scaleLog, scaleSymlog, type ScaleContinuousNumeric } from 'd3';

export type XKind = 'linear' | 'log';

/** x scale over steps: linear (as the paper plots epochs) or symlog (step 0 stays on the axis). */
export function stepScale(kind: XKind, last: number, range: [number, number]): ScaleContinuousNumeric<number, number> {
  const s = kind === 'log' ? scaleSymlog().constant(10) : scaleLinear();
  return s.domain([0, Math.max(1, last)]).range(range);
}

/** [min, max] of the finite positive values, for a log axis; padded to whole decades. */
export function logExtent(columns: readonly (readonly (number | null)[])[], floor = 1e-9): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const col of columns)
    for (const v of col) {
      if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, Math.max(v, floor));
      hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo)) return [1e-3, 10];
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

export function lossScale(extent: [number, number], range: [number, number]) {
  return scaleLog().domain(extent).range(range).clamp(true);
}

/** Decade ticks 10^k, thinned to at most `max` labels. */
export function decadeTicks([lo, hi]: [number, number], max = 6): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const every = Math.max(1, Math.ceil((b - a + 1) / max));
  const out: number[] = [];
  for (let e = b; e >= a; e -= every) out.push(10 ** e);
  return out.reverse();
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 1e-7 → "10⁻⁷", 1 → "1", 10 → "10". */
export function decadeLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e === 0) return '1';
  if (e === 1) return '10';
  return `10${String(e).replace(/./g, (c) => SUP[c] ?? c)}`;
}

/** Step ticks: d3's nice ticks for linear x, 0 and powers of ten for symlog x. */
export function stepTicks(kind: XKind, last: number, count = 6): number[] {
  if (kind === 'linear') return scaleLinear().domain([0, last]).ticks(count);
  const out = [0];
  for (let v = 10; v <= last; v *= 10) out.push(v);
  return out;
}

export function stepLabel(v: number): string {
  return v >= 1000 ? `${v / 1000}k` : String(v);
}

/** SVG path of one column against steps; gaps where a value is null or not drawable. */
export function seriesPath(
  steps: readonly number[],
  values: readonly (number | null)[],
  x: (v: number) => number,
  y: (v: number) => number,
  positive = false,
): string {
  const pts = steps.map((s, i) => [s, values[i]] as const);
  const gen = line<(typeof pts)[number]>()
    .defined(([, v]) => v !== null && Number.isFinite(v) && (!positive || v > 0))
    .x(([s]) => x(s))
    .y(([, v]) => y(v as number));
  return gen(pts) ?? '';
}

/** Index of the logged step nearest to `step`. */
export function nearestIndex(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(steps[lo - 1] - step) <= Math.abs(steps[lo] - step)) return lo - 1;
  return lo;
}

/** One line of a CurveChart. */
export interface Curve {
  key: string;
  label: string;
  /** CSS class suffix: gg-line--<cls> */
  cls: string;
  values: readonly (number | null)[];
  /** Steps of these values when they differ from the chart's. */
  steps?: readonly number[];
}
