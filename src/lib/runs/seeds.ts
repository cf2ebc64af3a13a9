// What the seed comparison says in words, computed from the runs (so the prose cannot drift from the data):
// the phase boundaries of each run, how far the restricted loss leads the test loss below 0.1, and which
// key frequencies are shared.
import type { SeedRun } from './figure-data';

export interface SeedsSummary {
  n: number;
  /** Every run grokked, logged its progress measures and has key frequencies. */
  complete: boolean;
  memorizationEnd: number[];
  cleanupStart: number[];
  grokked: number[];
  /** The last logged step of each run. */
  lastStep: number[];
  /** The runs do not all reach 99% test accuracy at the same step. */
  timingDiffers: boolean;
  /** Steps from restricted loss < 0.1 to test loss < 0.1, per run (NaN where either never happens). */
  restrictedLead: number[];
  /** The restricted loss fell below 0.1 strictly before the test loss in every run. */
  restrictedFirst: boolean;
  keyFreqs: number[][];
  /** Key frequencies every run has. */
  shared: number[];
  /** Not every run has the same set of key frequencies. */
  differ: boolean;
}

function firstBelow(steps: readonly number[], values: readonly (number | null)[], t: number): number {
  const i = values.findIndex((v) => v !== null && v < t);
  return i < 0 ? NaN : steps[i];
}

export function seedsSummary(runs: readonly SeedRun[]): SeedsSummary {
  const keyFreqs = runs.map((r) => [...r.keyFreqs].sort((a, b) => a - b));
  const shared = keyFreqs.length ? keyFreqs[0].filter((k) => keyFreqs.every((ks) => ks.includes(k))) : [];
  const restrictedLead = runs.map(
    (r) => firstBelow(r.series.step, r.series.testLoss, 0.1) - firstBelow(r.series.step, r.series.restrictedLoss, 0.1),
  );
  const ph = (k: 'memorizationEnd' | 'cleanupStart' | 'grokked') => runs.map((r) => r.phases[k] ?? NaN);
  const grokked = ph('grokked');
  return {
    n: runs.length,
    complete:
      runs.length >= 2 &&
      runs.every((r) => r.status === 'complete') &&
      grokked.every(Number.isFinite) &&
      restrictedLead.every(Number.isFinite) &&
      keyFreqs.every((ks) => ks.length > 0),
    memorizationEnd: ph('memorizationEnd'),
    cleanupStart: ph('cleanupStart'),
    grokked,
    lastStep: runs.map((r) => r.lastStep),
    timingDiffers: new Set(grokked).size > 1,
    restrictedLead,
    restrictedFirst: restrictedLead.length > 0 && restrictedLead.every((d) => d > 0),
    keyFreqs,
    shared,
    differ: new Set(keyFreqs.map((ks) => ks.join(','))).size > 1,
  };
}
