// Props for the widgets, built at build time from a run and embedded in the page, so a figure shows its
// precomputed state at once (no fetch before first paint). Kept small: metrics as columns rounded to 4
// significant digits and thinned to at most MAX_POINTS rows; progress measures null where not logged.
import { detectPhases } from './phases';
import type { MetricRow, Phases, RunData } from './types';

export const MAX_POINTS = 500;

export const SERIES_KEYS = ['trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'restrictedLoss', 'excludedLoss', 'weightNorm', 'giniWE', 'giniWL'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** Metrics as columns; values null where a run does not log a measure. */
export type Series = { step: number[] } & Record<SeriesKey, (number | null)[]>;

export interface CheckpointRef {
  step: number;
  /** URL of the .onnx file (served from dist/models/, see serve-models.node.ts). */
  url: string;
  sha256: string;
  bytes: number;
}

export interface RunSummary {
  id: string;
  title: string;
  p: number;
  dVocab: number;
  trainFrac: number;
  weightDecay: number;
  status: 'complete' | 'partial';
  lastStep: number;
  phases: Phases;
  /** Final key frequencies (sorted). */
  keyFreqs: number[];
}

/** A run's curves over training: `series` holds the steps and the series keyed K. */
export interface CurvesData<K extends SeriesKey = SeriesKey> extends RunSummary {
  series: Pick<Series, 'step' | K>;
  checkpointSteps: number[];
}

/** Every series (the training timeline shows them all). */
export type TimelineData = CurvesData<SeriesKey>;

export interface LiveRunData extends RunSummary {
  /** base64 p² bitset of training pairs. */
  trainBitset: string;
  checkpoints: CheckpointRef[];
}

export interface PairsData extends LiveRunData {
  /** base64 p² bitset per checkpoint (same order as checkpoints): which pairs the model gets right. */
  correct: string[];
}

function round4(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : null;
}

/** Evenly thinned by index, always keeping the first and last rows and the rows at `keep` steps. */
export function thin(rows: readonly MetricRow[], max = MAX_POINTS, keep: readonly (number | null)[] = []): MetricRow[] {
  if (rows.length <= max) return [...rows];
  const must = new Set(keep.filter((s): s is number => s !== null));
  const stride = (rows.length - 1) / (max - 1 - must.size);
  const picked = new Set<number>();
  for (let i = 0; i * stride < rows.length; i++) picked.add(Math.round(i * stride));
  picked.add(rows.length - 1);
  return rows.filter((r, i) => picked.has(i) || must.has(r.step));
}

export function toSeries(rows: readonly MetricRow[]): Series {
  const s = { step: rows.map((r) => r.step) } as Series;
  for (const k of SERIES_KEYS) s[k] = rows.map((r) => round4(r[k]));
  return s;
}

export function summary(run: RunData): RunSummary {
  const c = run.manifest.config as RunData['manifest']['config'] & { optim?: { weightDecay?: number } };
  const last = run.metrics[run.metrics.length - 1];
  return {
    id: run.id,
    title: run.manifest.title,
    p: c.p,
    dVocab: c.p + 1,
    trainFrac: c.trainFrac,
    weightDecay: Number(c.optim?.weightDecay ?? NaN),
    status: run.manifest.status,
    lastStep: run.manifest.step,
    phases: detectPhases(run.metrics),
    keyFreqs: [...last.keyFreqs].sort((a, b) => a - b),
  };
}

export function timelineData(run: RunData, max = MAX_POINTS): TimelineData {
  const s = summary(run);
  const ph = s.phases;
  return {
    ...s,
    series: toSeries(thin(run.metrics, max, [ph.fit, ph.memorizationEnd, ph.cleanupStart, ph.grokked])),
    checkpointSteps: run.manifest.checkpoints.map((c) => c.step),
  };
}

/** `base` is the site's base URL ("/" or "/sub/"). */
export function liveRunData(run: RunData, base = '/'): LiveRunData {
  const files = new Map(run.manifest.files.map((f) => [f.path, f]));
  const root = base.endsWith('/') ? base : `${base}/`;
  return {
    ...summary(run),
    trainBitset: run.manifest.split.trainBitset,
    checkpoints: run.manifest.checkpoints.map((c) => {
      const f = files.get(c.onnx);
      if (!f) throw new Error(`invalid manifest ${run.id}: ${c.onnx} is not listed in files`);
      return { step: c.step, url: `${root}models/${run.id}/${c.onnx}`, sha256: f.sha256, bytes: f.bytes };
    }),
  };
}

export function pairsData(run: RunData, base = '/'): PairsData {
  if (run.checkpoints.length !== run.manifest.checkpoints.length) throw new Error(`run ${run.id}: load it with its analysis files for the pairs grid`);
  return { ...liveRunData(run, base), correct: run.checkpoints.map((c) => c.correct) };
}

/** One point of the train-fraction sweep. */
export interface SweepPoint {
  id: string;
  p: number;
  trainFrac: number;
  /** First step with test loss < 0.1 (the paper's criterion), null if never within the run. */
  grokStep: number | null;
  /** First step with train loss < 1e-3. */
  fitStep: number | null;
  lastStep: number;
  finalTestAcc: number;
  series: Pick<Series, 'step' | 'trainLoss' | 'testLoss' | 'testAcc'>;
}

export function sweepPoint(run: RunData, max = 200): SweepPoint {
  const rows = run.metrics;
  const first = (f: (r: MetricRow) => boolean) => rows.find(f)?.step ?? null;
  const s = toSeries(thin(rows, max));
  return {
    id: run.id,
    p: run.manifest.config.p,
    trainFrac: run.manifest.config.trainFrac,
    grokStep: first((r) => r.testLoss < 0.1),
    fitStep: first((r) => r.trainLoss < 1e-3),
    lastStep: run.manifest.step,
    finalTestAcc: rows[rows.length - 1].testAcc,
    series: { step: s.step, trainLoss: s.trainLoss, testLoss: s.testLoss, testAcc: s.testAcc },
  };
}

/** The progress-measures figure: curves to scrub plus the checkpoints to run live. */
export type ProgressData = TimelineData & LiveRunData;

export function progressData(run: RunData, base = '/', max = MAX_POINTS): ProgressData {
  return { ...timelineData(run, max), ...liveRunData(run, base) };
}

/**
 * The same curves with only the series named: a figure's props carry what it draws and no more (the first
 * figure's data travels in its chapter's HTML, before the reader can use it).
 */
export function pickSeries<K extends SeriesKey>(t: CurvesData, keys: readonly K[]): CurvesData<K> {
  const series = { step: t.series.step } as Pick<Series, 'step' | K>;
  for (const k of keys) series[k] = t.series[k];
  return { ...t, series };
}

/** The series the weight-decay comparison draws. */
export const COMPARE_SERIES = ['trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'weightNorm'] as const;

/** Two runs on the same axes (e.g. with and without weight decay). */
export interface CompareData {
  runs: CurvesData<(typeof COMPARE_SERIES)[number]>[];
}

/** The series the seed comparison draws. */
export const SEED_SERIES = ['trainLoss', 'testLoss', 'restrictedLoss'] as const;

/** One run of a seed comparison: its curves, phases, and W_E's Fourier spectrum at the last checkpoint. */
export interface SeedRun extends CurvesData<(typeof SEED_SERIES)[number]> {
  seed: number;
  /** Norm of W_E's component in each frequency (index 0 = the constant), at the last checkpoint. */
  fourierWE: number[];
  /** Share of W_E's Fourier norm (sum of the per-frequency norms, constant excluded) in each key frequency. */
  keyShares: number[];
}

/** Runs of one setup that differ only in the seed (split and initialisation), side by side. */
export interface SeedsData {
  runs: SeedRun[];
}

export function seedRun(run: RunData, max = 250): SeedRun {
  const t = pickSeries(timelineData(run, max), SEED_SERIES);
  const lastCk = run.checkpoints[run.checkpoints.length - 1];
  const fourierWE = lastCk ? lastCk.fourierWE.map((v) => Number(v.toPrecision(4))) : [];
  const norm = fourierWE.slice(1).reduce((a, b) => a + b, 0);
  return {
    ...t,
    seed: Number((run.manifest.config as { seed?: number }).seed ?? NaN),
    fourierWE,
    keyShares: t.keyFreqs.map((k) => (norm > 0 ? fourierWE[k] / norm : NaN)),
  };
}
