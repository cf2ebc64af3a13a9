// The facts the prose prints about a run, computed from its files (pure: RunData in, numbers out).
// Every number the chapters state about our runs comes from here, so changing a run changes the text.
import { detectPhases } from './phases';
import type { MetricRow, Phases, RunData } from './types';

type Measure = 'trainLoss' | 'testLoss' | 'trainAcc' | 'testAcc' | 'restrictedLoss' | 'excludedLoss' | 'weightNorm' | 'giniWE' | 'giniWL';

export interface RunFacts {
  id: string;
  available: true;
  title: string;
  status: 'complete' | 'partial';
  p: number;
  trainFrac: number;
  seed: number;
  nPairs: number;
  nTrain: number;
  nTest: number;
  /** Last step trained. */
  steps: number;
  /** Steps the config asks for (the run is 'partial' until it gets there). */
  targetSteps: number;
  model: { d_model: number; n_heads: number; d_head: number; d_mlp: number; n_ctx: number; d_vocab: number; d_vocab_out: number };
  optim: { lr: number; weightDecay: number; beta1: number; beta2: number; warmupSteps: number };
  wallSeconds: number;
  backend: string;
  machine: string;
  nCheckpoints: number;
  phases: Phases;
  /** Loss of a uniform guess over the model's outputs: ln(d_vocab_out), i.e. ln p or ln(p + 1). */
  uniformLoss: number;
  /** Accuracy of guessing: 1/p. */
  chanceAcc: number;
  init: MetricRow;
  final: MetricRow;
  /** Metrics at each phase boundary (null where not reached). */
  at: { fit: MetricRow | null; memorizationEnd: MetricRow | null; cleanupStart: MetricRow | null; grokked: MetricRow | null };
  /** Smallest train loss logged before grokking (memorization's "insane" train loss). */
  minTrainLossBeforeGrok: number;
  /** Highest test loss (the peak of memorization). */
  peakTestLoss: number;
  /** Key frequencies of the last logged step. */
  keyFreqs: number[];
  /** Excluded loss: its largest value between memorization end and grokking, and where. */
  excludedPeak: { step: number; value: number } | null;
  /** Weight norm (sum of squares): largest value after memorization ends, and its fall over cleanup. */
  weightNorm: {
    max: number;
    maxStep: number;
    atCleanupStart: number | null;
    atGrokked: number | null;
    final: number;
    /** How much it falls per 1,000 steps (sum-of-squares units) in each phase; null where the phase is not complete. */
    fallPer1000: { circuit: number | null; cleanup: number | null; after: number | null };
    /** The phase in which it falls fastest per step. */
    fastestFall: 'circuit' | 'cleanup' | 'after' | null;
    /** Relative change per 1,000 steps over the run's last 2,000 steps (0.01 = 1%); the essay calls < 2% "nearly flat". */
    tailChangePer1000: number;
  };
  /** Does the run log the progress measures (analysis 'full')? */
  hasProgressMeasures: boolean;
  /** First logged step at which each loss falls below 0.1 (the paper's grokking criterion) and below 1. */
  below: { restricted01: number | null; test01: number | null; restricted1: number | null; test1: number | null };
  /** Metrics in the middle of circuit formation (halfway between its boundaries), or null. */
  midCircuit: MetricRow | null;
  /** Lengths in steps of the phases reached (null where not reached). */
  lengths: { memorization: number | null; circuit: number | null; cleanup: number | null };
}

/** Where the weight norm falls fastest, and how flat it is at the end (so the prose about its shape is computed). */
export function weightNormShape(rows: readonly MetricRow[], ph: Phases): Pick<RunFacts['weightNorm'], 'fallPer1000' | 'fastestFall' | 'tailChangePer1000'> {
  const last = rows[rows.length - 1];
  const fall = (from: number | null, to: number | null): number | null => {
    if (from === null || to === null || !(to > from)) return null;
    return ((rowAt(rows, from).weightNorm - rowAt(rows, to).weightNorm) / (to - from)) * 1000;
  };
  const fallPer1000 = {
    circuit: fall(ph.memorizationEnd, ph.cleanupStart),
    cleanup: fall(ph.cleanupStart, ph.grokked),
    after: fall(ph.grokked, last.step),
  };
  let fastestFall: RunFacts['weightNorm']['fastestFall'] = null;
  for (const k of ['circuit', 'cleanup', 'after'] as const) {
    const v = fallPer1000[k];
    if (v !== null && (fastestFall === null || v > (fallPer1000[fastestFall] ?? -Infinity))) fastestFall = k;
  }
  const span = Math.min(2000, last.step);
  const w0 = rowAt(rows, last.step - span).weightNorm;
  const tailChangePer1000 = span > 0 ? Math.abs(w0 - last.weightNorm) / w0 / (span / 1000) : NaN;
  return { fallPer1000, fastestFall, tailChangePer1000 };
}

/** First logged step at which `measure` is below `threshold` (after `from`), or null. */
export function firstBelow(rows: readonly MetricRow[], measure: Measure, threshold: number, from = 0): number | null {
  for (const r of rows) if (r.step >= from && r[measure] < threshold) return r.step;
  return null;
}

/** The logged row at `step` exactly, or the last one before it. */
export function rowAt(rows: readonly MetricRow[], step: number): MetricRow {
  let best = rows[0];
  for (const r of rows) if (r.step <= step) best = r;
  return best;
}

export function computeFacts(run: RunData): RunFacts {
  const { manifest: m, metrics } = run;
  const c = m.config as typeof m.config & {
    optim?: { lr: number; weightDecay: number; beta1: number; beta2: number; warmupSteps: number };
    steps?: number;
  };
  const phases = detectPhases(metrics);
  const at = (s: number | null) => (s === null ? null : rowAt(metrics, s));
  const final = metrics[metrics.length - 1];
  const grokEnd = phases.grokked ?? final.step;
  const before = metrics.filter((r) => r.step <= grokEnd);
  let excludedPeak: RunFacts['excludedPeak'] = null;
  if (phases.memorizationEnd !== null) {
    for (const r of metrics) {
      if (r.step < phases.memorizationEnd || r.step > grokEnd || !Number.isFinite(r.excludedLoss)) continue;
      if (!excludedPeak || r.excludedLoss > excludedPeak.value) excludedPeak = { step: r.step, value: r.excludedLoss };
    }
  }
  const afterMem = metrics.filter((r) => r.step >= (phases.memorizationEnd ?? 0));
  const wMax = afterMem.reduce((a, r) => (r.weightNorm > a.weightNorm ? r : a), afterMem[0]);
  const optim = c.optim ?? { lr: NaN, weightDecay: NaN, beta1: NaN, beta2: NaN, warmupSteps: NaN };
  const targetSteps = Number((m as { targetSteps?: number }).targetSteps ?? c.steps ?? m.step);
  return {
    id: run.id,
    available: true,
    title: m.title,
    status: m.status,
    p: c.p,
    trainFrac: c.trainFrac,
    seed: c.seed,
    nPairs: c.p * c.p,
    nTrain: m.split.nTrain,
    nTest: m.split.nTest,
    steps: m.step,
    targetSteps,
    model: { ...c.model, d_vocab: c.p + 1, d_vocab_out: c.model.d_vocab_out ?? c.p + 1 } as RunFacts['model'],
    optim: { lr: optim.lr, weightDecay: optim.weightDecay, beta1: optim.beta1, beta2: optim.beta2, warmupSteps: optim.warmupSteps },
    wallSeconds: m.wallSeconds,
    backend: m.backend,
    machine: m.machine,
    nCheckpoints: m.checkpoints.length,
    phases,
    uniformLoss: Math.log((c.model as { d_vocab_out?: number }).d_vocab_out ?? c.p + 1),
    chanceAcc: 1 / c.p,
    init: metrics[0],
    final,
    at: { fit: at(phases.fit), memorizationEnd: at(phases.memorizationEnd), cleanupStart: at(phases.cleanupStart), grokked: at(phases.grokked) },
    minTrainLossBeforeGrok: Math.min(...before.map((r) => r.trainLoss)),
    peakTestLoss: Math.max(...metrics.map((r) => r.testLoss)),
    keyFreqs: [...final.keyFreqs].sort((a, b) => a - b),
    excludedPeak,
    weightNorm: {
      max: wMax.weightNorm,
      maxStep: wMax.step,
      atCleanupStart: at(phases.cleanupStart)?.weightNorm ?? null,
      atGrokked: at(phases.grokked)?.weightNorm ?? null,
      final: final.weightNorm,
      ...weightNormShape(metrics, phases),
    },
    hasProgressMeasures: metrics.some((r) => Number.isFinite(r.restrictedLoss)),
    below: {
      restricted01: firstBelow(metrics, 'restrictedLoss', 0.1, phases.memorizationEnd ?? 0),
      test01: firstBelow(metrics, 'testLoss', 0.1, phases.memorizationEnd ?? 0),
      restricted1: firstBelow(metrics, 'restrictedLoss', 1, phases.memorizationEnd ?? 0),
      test1: firstBelow(metrics, 'testLoss', 1, phases.memorizationEnd ?? 0),
    },
    midCircuit:
      phases.memorizationEnd !== null && phases.cleanupStart !== null ? rowAt(metrics, (phases.memorizationEnd + phases.cleanupStart) / 2) : null,
    lengths: {
      memorization: phases.memorizationEnd,
      circuit: phases.memorizationEnd !== null && phases.cleanupStart !== null ? phases.cleanupStart - phases.memorizationEnd : null,
      cleanup: phases.cleanupStart !== null && phases.grokked !== null ? phases.grokked - phases.cleanupStart : null,
    },
  };
}
