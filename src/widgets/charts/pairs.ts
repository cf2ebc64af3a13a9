// The p × p pairs grid as four SVG paths (one per kind of cell), merged into horizontal runs per row,
// so even p = 113 (12,769 cells) is a few kilobytes of path data that renders on the server and needs
// no canvas. Row = a (top to bottom), column = b (left to right).
import { getBit } from '../../lib/analysis/bitset';

export type CellKind = 'trainRight' | 'trainWrong' | 'testRight' | 'testWrong';

export function cellKind(train: Uint8Array, correct: Uint8Array | null, i: number): CellKind {
  const inTrain = getBit(train, i);
  const right = correct ? getBit(correct, i) : false;
  return inTrain ? (right ? 'trainRight' : 'trainWrong') : right ? 'testRight' : 'testWrong';
}

/** Path data per kind; `correct` null draws the split only (right/wrong not shown: all "Wrong" kinds). */
export function cellPaths(p: number, train: Uint8Array, correct: Uint8Array | null, cell: number): Record<CellKind, string> {
  const out: Record<CellKind, string[]> = { trainRight: [], trainWrong: [], testRight: [], testWrong: [] };
  const h = cell.toFixed(3);
  for (let a = 0; a < p; a++) {
    let start = 0;
    let kind = cellKind(train, correct, a * p);
    for (let b = 1; b <= p; b++) {
      const k = b < p ? cellKind(train, correct, a * p + b) : null;
      if (k === kind) continue;
      out[kind].push(`M${(start * cell).toFixed(3)} ${(a * cell).toFixed(3)}h${((b - start) * cell).toFixed(3)}v${h}h${(-(b - start) * cell).toFixed(3)}z`);
      start = b;
      if (k) kind = k;
    }
  }
  return { trainRight: out.trainRight.join(''), trainWrong: out.trainWrong.join(''), testRight: out.testRight.join(''), testWrong: out.testWrong.join('') };
}

export interface PairCounts {
  trainRight: number;
  nTrain: number;
  testRight: number;
  nTest: number;
}

export function pairCounts(p: number, train: Uint8Array, correct: Uint8Array): PairCounts {
  const c: PairCounts = { trainRight: 0, nTrain: 0, testRight: 0, nTest: 0 };
  for (let i = 0; i < p * p; i++) {
    const right = getBit(correct, i);
    if (getBit(train, i)) {
      c.nTrain++;
      if (right) c.trainRight++;
    } else {
      c.nTest++;
      if (right) c.testRight++;
    }
  }
  return c;
}

/** The grid at one checkpoint as PNG masks (pairs-still.node.ts), drawn by the server until the widget hydrates. */
export interface PairsStill {
  /** The checkpoint's step it shows. */
  step: number;
  /** A data: URL (white = the cell is of this kind) for each kind present at that step. */
  masks: Partial<Record<CellKind, string>>;
}

export const CELL_KINDS: readonly CellKind[] = ['trainRight', 'trainWrong', 'testRight', 'testWrong'];

/** One 0/1 map per kind of cell (row-major p × p): the cells `cellPaths` would draw in each path. */
export function cellMasks(p: number, train: Uint8Array, correct: Uint8Array | null): Record<CellKind, Uint8Array> {
  const out = Object.fromEntries(CELL_KINDS.map((k) => [k, new Uint8Array(p * p)])) as Record<CellKind, Uint8Array>;
  for (let i = 0; i < p * p; i++) out[cellKind(train, correct, i)][i] = 1;
  return out;
}
