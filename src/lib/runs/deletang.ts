// The Chomsky chapter's table (runs with task "deletang", trained by src/lib/train/sequence/deletang-trainer.ts):
// what one run and one table cell are, how a cell is summarized, and the
// scores Delétang et al. report. Browser-safe and free of zod: widgets import types, labels and the summary
// from here; the build reads and validates the files with deletang.node.ts.
import { PROBLEMS, type Problem } from '../tasks/deletang-batch';
import type { Level } from '../tasks/deletang';

export type { DeletangRunConfig } from '../train/run/config';

export const ARCH_ORDER = ['transformer', 'transformer-rpe', 'rnn', 'lstm'] as const;
export type Arch = (typeof ARCH_ORDER)[number];

export const ARCH_LABEL: Record<Arch, string> = {
  transformer: 'Transformer, sinusoidal positions',
  'transformer-rpe': 'Transformer, randomized positions',
  rnn: 'RNN',
  lstm: 'LSTM',
};

/** A model that did not reach this accuracy on its training lengths is shown as "did not fit" (its
 * score on longer strings says nothing about length generalization). */
export const FIT_THRESHOLD = 0.9;

export interface DeletangRun {
  id: string;
  problem: Problem;
  arch: Arch;
  seed: number;
  url: string;
  sha256: string;
  bytes: number;
  trainMaxLen: number;
  evalMaxLen: number;
  perLength: number;
  maxPositions: number;
  /** The step whose weights ship (the best check), and the step training stopped at. */
  step: number;
  stoppedAt: number;
  trainSeconds: number;
  /** The CPU it trained on, as the trainer wrote it ("AMD EPYC (2 cores, shared)"). */
  machine: string;
  /** Pooled per-token accuracy at each input length 1..evalMaxLen. */
  points: { length: number; accuracy: number }[];
  /** Mean accuracy over lengths 1..trainMaxLen, and over trainMaxLen+1..evalMaxLen (the paper's score). */
  inRange: number;
  beyond: number;
  fit: boolean;
  config: unknown;
}

export interface Cell {
  problem: Problem;
  arch: Arch;
  /** Every seed, by seed. */
  runs: DeletangRun[];
  /** Seeds that fit their training lengths. */
  fitted: DeletangRun[];
  /** Over the fitted seeds: the paper's statistic (the best seed's score) and the median; null if none fit. */
  best: number | null;
  median: number | null;
  /** The best fitted seed (what the live probe runs), else the seed closest to fitting. */
  shown: DeletangRun;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One table cell from its seeds' runs (at least one). */
export function summarizeCell(runs: DeletangRun[]): Cell {
  if (runs.length === 0) throw new Error('summarizeCell: no runs');
  const sorted = [...runs].sort((a, b) => a.seed - b.seed);
  const fitted = sorted.filter((r) => r.fit);
  const scores = fitted.map((r) => r.beyond);
  const byBeyond = [...fitted].sort((a, b) => b.beyond - a.beyond);
  const byFit = [...sorted].sort((a, b) => b.inRange - a.inRange);
  return {
    problem: runs[0].problem,
    arch: runs[0].arch,
    runs: sorted,
    fitted,
    best: scores.length ? Math.max(...scores) : null,
    median: scores.length ? median(scores) : null,
    shown: byBeyond[0] ?? byFit[0],
  };
}

/** Every (problem, arch) cell of the runs, in table order. */
export function cellsOf(runs: DeletangRun[]): Cell[] {
  const groups = new Map<string, DeletangRun[]>();
  for (const r of runs) {
    const key = `${r.problem}|${r.arch}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map(summarizeCell)
    .sort((a, b) => PROBLEMS.indexOf(a.problem) - PROBLEMS.indexOf(b.problem) || ARCH_ORDER.indexOf(a.arch) - ARCH_ORDER.indexOf(b.arch));
}

export const LEVEL_LABEL: Record<Level, string> = {
  regular: 'Regular',
  dcf: 'Deterministic context-free',
  cs: 'Context-sensitive',
};

/**
 * Delétang et al. (2023), Table 2 (arXiv 2207.02098v3): the score (%) of the best of their runs (over seeds
 * and learning rates) per task and architecture, trained on lengths 1–40 and scored on 41–500. Their
 * transformer is a (non-causal) encoder; the column is not split by positional encoding.
 */
export const PAPER_SCORES: Partial<Record<Problem, { transformer: number; rnn: number; lstm: number }>> = {
  'parity-check': { rnn: 100, lstm: 100, transformer: 52.0 },
  'cycle-navigation': { rnn: 100, lstm: 100, transformer: 61.9 },
  'even-pairs': { rnn: 100, lstm: 100, transformer: 96.4 },
  'reverse-string': { rnn: 62.0, lstm: 60.9, transformer: 62.3 },
  'stack-manipulation': { rnn: 56.0, lstm: 59.1, transformer: 57.5 },
  'duplicate-string': { rnn: 50.3, lstm: 57.6, transformer: 52.8 },
  'binary-addition': { rnn: 50.3, lstm: 55.5, transformer: 54.3 },
};

/** The paper's score for a cell (both transformer columns show their one transformer score). */
export function paperScore(problem: Problem, arch: Arch): number | null {
  const row = PAPER_SCORES[problem];
  if (!row) return null;
  return arch === 'rnn' ? row.rnn : arch === 'lstm' ? row.lstm : row.transformer;
}

/** One seed as the table figure needs it: small enough to inline in the page. */
export interface SeedView {
  id: string;
  seed: number;
  inRange: number;
  beyond: number;
  fit: boolean;
  step: number;
  /** Accuracy at lengths 1..evalMaxLen, rounded to 0.1 point. */
  curve: number[];
}

export interface CellView {
  problem: Problem;
  arch: Arch;
  best: number | null;
  median: number | null;
  paper: number | null;
  seeds: SeedView[];
}

export interface TableView {
  trainMaxLen: number;
  evalMaxLen: number;
  perLength: number;
  cells: CellView[];
}

/** The table figure's props, from the cells (build time). */
export function tableView(cells: Cell[]): TableView {
  const first = cells[0]?.runs[0];
  return {
    trainMaxLen: first?.trainMaxLen ?? 0,
    evalMaxLen: first?.evalMaxLen ?? 0,
    perLength: first?.perLength ?? 0,
    cells: cells.map((c) => ({
      problem: c.problem,
      arch: c.arch,
      best: c.best,
      median: c.median,
      paper: c.problem === 'parity-scratchpad' ? null : paperScore(c.problem, c.arch),
      seeds: c.runs.map((r) => ({
        id: r.id, seed: r.seed, inRange: r.inRange, beyond: r.beyond, fit: r.fit, step: r.step,
        curve: r.points.map((p) => Math.round(p.accuracy * 1000) / 1000),
      })),
    })),
  };
}

/** A checkpoint the live probe runs: the shown seed of each cell. */
export interface ProbeModel {
  problem: Problem;
  arch: Arch;
  id: string;
  seed: number;
  fit: boolean;
  url: string;
  sha256: string;
  bytes: number;
  maxPositions: number;
  trainMaxLen: number;
}

export function probeModels(cells: Cell[]): ProbeModel[] {
  return cells.map(({ shown: r }) => ({
    problem: r.problem, arch: r.arch, id: r.id, seed: r.seed, fit: r.fit, url: r.url, sha256: r.sha256, bytes: r.bytes,
    maxPositions: r.maxPositions, trainMaxLen: r.trainMaxLen,
  }));
}
