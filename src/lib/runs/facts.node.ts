// The build-time API the chapters and pages import (Node only: it reads models/ from disk).
//
//   import { facts, timeline, pairs, live, sweep, num, pct, sci, list } from '../../src/lib/runs/facts.node.ts';
//   export const main = facts('main');            // in MDX: {main.p}, {num(main.phases.grokked)}
//   <TrainingTimeline client:visible data={timeline('main')} />
//
// A run that is not in models/ yet gives pending facts (every number NaN/null, printed as "—") and null
// figure data (the widget says the run is not trained yet), with one warning in the build log, so the
// site still builds while runs are being trained. The unit tests (test/unit/runs) fail instead.
import { computeFacts, type RunFacts } from './facts';
import { COMPARE_SERIES, liveRunData, pairsData, pickSeries, progressData, seedRun, sweepPoint, timelineData, type CompareData, type LiveRunData, type PairsData, type ProgressData, type SeedsData, type SweepPoint, type TimelineData } from './figure-data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasRun, listRuns, loadRun, runDir } from './load.node.ts';
import type { MetricRow, RunData } from './types';

export { num, pct, sci, list } from './format';
export { PAPER } from './paper';
export type { RunFacts };

const cache = new Map<string, RunData | null>();
const warned = new Set<string>();

function base(): string {
  return (import.meta.env?.BASE_URL as string | undefined) ?? '/';
}

/** The run, loaded and validated once per build; null (with a warning) if models/<id> has no manifest. */
export function runData(id: string): RunData | null {
  if (!cache.has(id)) {
    if (!hasRun(id)) {
      if (!warned.has(id)) {
        warned.add(id);
        console.warn(`[runs] models/${id}/manifest.json not found: figures and numbers for '${id}' show as pending`);
      }
      cache.set(id, null);
    } else {
      cache.set(id, loadRun(id));
    }
  }
  return cache.get(id) ?? null;
}

export interface PendingFacts extends Omit<RunFacts, 'available'> {
  available: false;
}

const NAN_ROW: MetricRow = {
  step: NaN, trainLoss: NaN, testLoss: NaN, trainAcc: NaN, testAcc: NaN, restrictedLoss: NaN, excludedLoss: NaN,
  weightNorm: NaN, giniWE: NaN, giniWL: NaN, keyFreqs: [],
};

function pending(id: string): PendingFacts {
  return {
    id, available: false, title: id, status: 'partial', p: NaN, trainFrac: NaN, seed: NaN, nPairs: NaN, nTrain: NaN, nTest: NaN,
    steps: NaN, targetSteps: NaN,
    model: { d_model: NaN, n_heads: NaN, d_head: NaN, d_mlp: NaN, n_ctx: NaN, d_vocab: NaN, d_vocab_out: NaN },
    optim: { lr: NaN, weightDecay: NaN, beta1: NaN, beta2: NaN, warmupSteps: NaN },
    wallSeconds: NaN, backend: '—', machine: '—', nCheckpoints: 0,
    phases: { fit: null, memorizationEnd: null, cleanupStart: null, grokked: null },
    uniformLoss: NaN, chanceAcc: NaN, init: NAN_ROW, final: NAN_ROW,
    at: { fit: null, memorizationEnd: null, cleanupStart: null, grokked: null },
    minTrainLossBeforeGrok: NaN, peakTestLoss: NaN, keyFreqs: [], excludedPeak: null,
    weightNorm: { max: NaN, maxStep: NaN, atCleanupStart: null, atGrokked: null, final: NaN, fallPer1000: { circuit: null, cleanup: null, after: null }, fastestFall: null, tailChangePer1000: NaN },
    hasProgressMeasures: false,
    below: { restricted01: null, test01: null, restricted1: null, test1: null },
    midCircuit: null,
    lengths: { memorization: null, circuit: null, cleanup: null },
  };
}

/** Facts about run `id` for the prose. */
export function facts(id: string): RunFacts | PendingFacts {
  const run = runData(id);
  return run ? computeFacts(run) : pending(id);
}

export function timeline(id: string): TimelineData | null {
  const run = runData(id);
  return run ? timelineData(run) : null;
}

export function live(id: string): LiveRunData | null {
  const run = runData(id);
  return run ? liveRunData(run, base()) : null;
}

export function pairs(id: string): PairsData | null {
  const run = runData(id);
  return run ? pairsData(run, base()) : null;
}

export function progress(id: string): ProgressData | null {
  const run = runData(id);
  return run ? progressData(run, base()) : null;
}

/** Runs side by side on the same axes; runs not trained yet are left out (null if none is). */
export function compare(...ids: string[]): CompareData | null {
  const runs = ids
    .map(timeline)
    .filter((r): r is TimelineData => r !== null)
    .map((r) => pickSeries(r, COMPARE_SERIES));
  return runs.length ? { runs } : null;
}

/** Runs of one setup with different seeds, side by side (missing runs are left out). */
export function seeds(...ids: string[]): SeedsData | null {
  const runs = ids.map(runData).filter((r): r is RunData => r !== null).map((r) => seedRun(r));
  return runs.length ? { runs } : null;
}

/** Every sweep run (ids starting with "sweep-"), by train fraction. */
export function sweep(): SweepPoint[] {
  return listRuns()
    .filter((id) => id.startsWith('sweep-'))
    .map((id) => sweepPoint(loadRun(id, { analysis: false })))
    .sort((a, b) => a.trainFrac - b.trainFrac);
}

export interface RunRow {
  id: string;
  task: string;
  title: string;
  /** NaN for tasks without these fields (the Chomsky-hierarchy runs). */
  p: number;
  trainFrac: number;
  weightDecay: number;
  steps: number;
  status: string;
  wallSeconds: number;
  backend: string;
  machine: string;
  nCheckpoints: number;
  command: string;
}

/** One row per run in models/, any task (the appendix's table); read loosely, as each task has its own config. */
export function allRuns(): RunRow[] {
  return listRuns().map((id) => {
    const m = JSON.parse(readFileSync(join(runDir(id), 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      config?: { task?: string; p?: number; trainFrac?: number; optim?: { weightDecay?: number } };
      checkpoints?: unknown[];
    };
    const n = (x: unknown) => (typeof x === 'number' ? x : NaN);
    const str = (x: unknown, d = '—') => (typeof x === 'string' ? x : d);
    return {
      id, task: str(m.config?.task), title: str(m.title, id), p: n(m.config?.p), trainFrac: n(m.config?.trainFrac),
      weightDecay: n(m.config?.optim?.weightDecay), steps: n(m.step), status: str(m.status), wallSeconds: n(m.wallSeconds),
      backend: str(m.backend), machine: str(m.machine), nCheckpoints: Array.isArray(m.checkpoints) ? m.checkpoints.length : 0,
      command: str(m.command, `npm run train -- ${id}`),
    };
  });
}

/** The command that reproduces a run (the trainer writes it into the manifest). */
export function command(id: string): string {
  const run = runData(id);
  const cmd = (run?.manifest as { command?: unknown } | undefined)?.command;
  return typeof cmd === 'string' ? cmd : `npm run train -- ${id}`;
}
