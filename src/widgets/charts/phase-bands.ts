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
