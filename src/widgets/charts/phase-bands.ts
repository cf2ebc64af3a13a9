// The shaded phase bands of a training-curve figure, from the detected boundaries (src/lib/runs/phases.ts).
import type { Phases } from '../../lib/runs/types';
import { PHASE_LABELS, type PhaseName } from '../../lib/runs/phases';

export interface PhaseBand {
  name: PhaseName;
  label: string;
  from: number;
  to: number;
}

/** Bands that exist so far: a run that has not reached a boundary shades up to its last step. */
export function phaseBands(ph: Phases, last: number): PhaseBand[] {
  const bands: PhaseBand[] = [];
  const push = (name: PhaseName, from: number, to: number | null) => {
    const end = to ?? last;
    if (end > from) bands.push({ name, label: PHASE_LABELS[name], from, to: end });
  };
  if (ph.memorizationEnd === null) {
    push('memorization', 0, last);
    return bands;
  }
  push('memorization', 0, ph.memorizationEnd);
  push('circuit', ph.memorizationEnd, ph.cleanupStart);
  if (ph.cleanupStart !== null) push('cleanup', ph.cleanupStart, ph.grokked);
  return bands;
}

/** Shorter names for bands too narrow for the full one. */
const SHORT: Record<PhaseName, string> = { memorization: 'Memo.', circuit: 'Circuit', cleanup: 'Cleanup', after: 'Grokked' };

/**
 * The label that fits a band `width` pixels wide (5 px inset), at the band labels' 10.5 px semibold (about
 * 6.4 px a character): the full name, else a short one, else none, so that labels never run into the next band.
 */
export function bandLabel(band: Pick<PhaseBand, 'name' | 'label'>, width: number, charPx = 6.4): string | null {
  for (const text of [band.label, SHORT[band.name]]) if (text.length * charPx + 8 <= width) return text;
  return null;
}
