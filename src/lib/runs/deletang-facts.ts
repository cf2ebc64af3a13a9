// What the chapter's prose says about the Chomsky table, computed from the runs (build time), so a retrained
// table rewrites its own sentences: per-cell comparisons with the paper, the disagreements and why, the
// scratchpad's result, and what the training cost. test/unit/runs/deletang-facts.test.ts checks the rules.
import { ARCH_LABEL, FIT_THRESHOLD, paperScore, type Arch, type Cell } from './deletang';
import { taskOf, type Problem } from '../tasks/deletang-batch';

/** Points (of 100) by which our best seed must differ from the paper's score to count as a disagreement. */
export const DISAGREE_POINTS = 10;

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const name = (p: Problem) => taskOf(p).name.toLowerCase();

/** Accuracy of a run at an input length (the curve's point). */
function at(cell: Cell, length: number): number {
  const r = cell.shown;
  return r.points.find((p) => p.length === length)?.accuracy ?? NaN;
}

export interface Disagreement {
  problem: Problem;
  arch: Arch;
  kind: 'did-not-fit' | 'lower' | 'higher';
  ours: number | null;
  paper: number;
  /** One sentence: what differs and why. */
  sentence: string;
}

/** Every cell where we disagree with the paper: no fit, or a best seed ≥ DISAGREE_POINTS away from their score. */
export function disagreements(cells: Cell[]): Disagreement[] {
  const out: Disagreement[] = [];
  for (const c of cells) {
    if (c.problem === 'parity-scratchpad') continue;
    const paper = paperScore(c.problem, c.arch);
    if (paper === null) continue;
    const r = c.shown;
    const N = r.trainMaxLen;
    const L = r.evalMaxLen;
    const who = `${ARCH_LABEL[c.arch]} on ${name(c.problem)}`;
    const theirs = c.arch.startsWith('transformer') ? `their transformer's ${paper.toFixed(1)}%` : `their ${paper.toFixed(1)}%`;
    if (c.best === null) {
      const bestFit = Math.max(...c.runs.map((x) => x.inRange));
      out.push({
        problem: c.problem, arch: c.arch, kind: 'did-not-fit', ours: null, paper,
        sentence: `${who}: none of our ${c.runs.length} seeds reached ${pct(FIT_THRESHOLD)} on lengths 1–${N} (the best, ${pct(bestFit)}), so we have no score to set beside ${theirs}; our model is smaller than theirs and trained for at most ${Math.max(...c.runs.map((x) => x.stoppedAt)).toLocaleString('en-US')} steps of 32 strings, far less than theirs.`,
      });
      continue;
    }
    const diff = c.best * 100 - paper;
    if (Math.abs(diff) < DISAGREE_POINTS) continue;
    const near = at(c, N + 1);
    const double = at(c, 2 * N);
    const far = at(c, L);
    if (diff < 0) {
      out.push({
        problem: c.problem, arch: c.arch, kind: 'lower', ours: c.best, paper,
        sentence: paper >= 99
          ? `${who}: ${pct(c.best)} against ${theirs}. Ours fit the training lengths and then drifted: ${pct(near)} at length ${N + 1}, ${pct(double)} at ${2 * N}, ${pct(far)} at ${L}. Trained on inputs of at most ${N}, a state that stays exact for ${N} steps was enough; theirs had to stay exact for 40, which forces a state that does not drift.`
          : `${who}: ${pct(c.best)} against ${theirs}: ${pct(near)} at length ${N + 1}, ${pct(far)} at ${L}; with fewer and shorter training runs than theirs, ours generalized less.`,
      });
    } else {
      out.push({
        problem: c.problem, arch: c.arch, kind: 'higher', ours: c.best, paper,
        sentence: far < near - 0.1
          ? `${who}: ${pct(c.best)} against ${theirs}, because our test lengths stay closer to the training ones (up to ${L / N}× where theirs reach 500, 12.5×) and ours degrades with length: ${pct(near)} at ${N + 1}, ${pct(far)} at ${L}.`
          : `${who}: ${pct(c.best)} against ${theirs}; ours holds ${pct(far)} even at length ${L}, ${L / N}× the longest trained, where theirs was tested up to 12.5× (500): a shorter test range cannot show a failure that starts later.`,
      });
    }
  }
  return out;
}

/** The cells of one architecture, by problem. */
export function column(cells: Cell[], arch: Arch): Map<Problem, Cell> {
  return new Map(cells.filter((c) => c.arch === arch).map((c) => [c.problem, c]));
}

/** Seconds of training summed over the runs, and the longest single run. */
export function trainingCost(cells: Cell[]): { runs: number; totalSeconds: number; longestSeconds: number; longestId: string } {
  const runs = cells.flatMap((c) => c.runs);
  const longest = runs.reduce((a, b) => (b.trainSeconds > a.trainSeconds ? b : a), runs[0]);
  return { runs: runs.length, totalSeconds: runs.reduce((s, r) => s + r.trainSeconds, 0), longestSeconds: longest?.trainSeconds ?? 0, longestId: longest?.id ?? '' };
}
