// Build-time numbers for the commutativity aside of chapter 1: how much of the test accuracy during
// memorization comes from held-out pairs whose mirror (b, a) was trained on (src/lib/analysis/mirror.ts).
import { decodeBitset } from '../analysis/bitset';
import { mirrorAccuracy, type MirrorAccuracy } from '../analysis/mirror';
import { runData } from './facts.node.ts';
import { detectPhases } from './phases';

export interface MirrorAt extends MirrorAccuracy {
  step: number;
  /** Overall test accuracy at that checkpoint. */
  testAcc: number;
}

export interface MirrorFacts {
  p: number;
  /** Held-out pairs whose mirror was trained on / whose mirror is held out too. */
  nMirrorTrained: number;
  nMirrorHeldOut: number;
  /** At the first checkpoint after the training set is fit, and at the start of cleanup. */
  atFit: MirrorAt | null;
  atCleanup: MirrorAt | null;
  /** First checkpoint where pairs with a held-out mirror pass 50% accuracy. */
  heldOutHalfStep: number | null;
}

export function mirrorFacts(id: string): MirrorFacts | null {
  const run = runData(id);
  if (!run || run.checkpoints.length === 0) return null;
  const p = run.manifest.config.p;
  const train = decodeBitset(run.manifest.split.trainBitset, p * p);
  const ph = detectPhases(run.metrics);
  // A phase boundary is a logged step; the correctness bitsets exist only at checkpoints, so each boundary is read
  // at a checkpoint: the first at or after the fit, the last at or before the start of cleanup (the text says which).
  const at = (step: number | null, before = false): MirrorAt | null => {
    if (step === null) return null;
    const ck = before ? run.checkpoints.findLast((c) => c.step <= step) : run.checkpoints.find((c) => c.step >= step);
    if (!ck) return null;
    const row = run.metrics.find((r) => r.step === ck.step);
    return { step: ck.step, testAcc: row?.testAcc ?? NaN, ...mirrorAccuracy(p, train, decodeBitset(ck.correct, p * p)) };
  };
  const first = at(0)!;
  const half = run.checkpoints.find((c) => mirrorAccuracy(p, train, decodeBitset(c.correct, p * p)).mirrorHeldOut.accuracy > 0.5);
  return {
    p,
    nMirrorTrained: first.mirrorTrained.total,
    nMirrorHeldOut: first.mirrorHeldOut.total,
    atFit: at(ph.fit),
    atCleanup: at(ph.cleanupStart, true),
    heldOutHalfStep: half?.step ?? null,
  };
}
