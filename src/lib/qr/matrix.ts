// The symbol's modules: function patterns (finders, separators, timing, alignment, the dark module,
// format and version areas), the codewords placed in the two-column zigzag, one of the eight masks, and
// the format and version information written last. Rows are `y`, columns `x`; true is dark.

import { formatBits, versionBits } from './info';
import { alignmentCentres, sideOf } from './versions';

export interface Grid {
  size: number;
  dark: boolean[][];
  /** Modules of function patterns: never masked, never carry data. */
  reserved: boolean[][];
}

function blank(size: number): boolean[][] {
  return Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
}

function set(g: Grid, x: number, y: number, dark: boolean): void {
  g.dark[y][x] = dark;
  g.reserved[y][x] = true;
}

function finder(g: Grid, cx: number, cy: number): void {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const x = cx + dx;
      const y = cy + dy;
      if (x < 0 || y < 0 || x >= g.size || y >= g.size) continue;
      const d = Math.max(Math.abs(dx), Math.abs(dy));
      set(g, x, y, d !== 2 && d !== 4); // 4 is the separator
    }
  }
}

function alignment(g: Grid, cx: number, cy: number): void {
  for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(g, cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
}

/** Writes the 15 format bits in both places (and the dark module). */
export function drawFormat(g: Grid, bits: number): void {
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  const n = g.size;
  for (let i = 0; i <= 5; i++) set(g, 8, i, bit(i));
  set(g, 8, 7, bit(6));
  set(g, 8, 8, bit(7));
  set(g, 7, 8, bit(8));
  for (let i = 9; i < 15; i++) set(g, 14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) set(g, n - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) set(g, 8, n - 15 + i, bit(i));
  set(g, 8, n - 8, true);
}

function drawVersion(g: Grid, version: number): void {
  if (version < 7) return;
  const bits = versionBits(version);
  for (let i = 0; i < 18; i++) {
    const dark = ((bits >>> i) & 1) === 1;
    const a = g.size - 11 + (i % 3);
    const b = Math.floor(i / 3);
    set(g, a, b, dark);
    set(g, b, a, dark);
  }
}

/** A grid with every function pattern placed (format areas reserved, written as mask 0 for now). */
export function functionPatterns(version: number): Grid {
  const size = sideOf(version);
  const g: Grid = { size, dark: blank(size), reserved: blank(size) };
  for (let i = 0; i < size; i++) {
    set(g, 6, i, i % 2 === 0);
    set(g, i, 6, i % 2 === 0);
  }
  finder(g, 3, 3);
  finder(g, size - 4, 3);
  finder(g, 3, size - 4);
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      const onFinder = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0);
      if (!onFinder) alignment(g, centres[i], centres[j]);
    }
  }
  drawFormat(g, 0);
  drawVersion(g, version);
  return g;
}

/** Places the codewords' bits, most significant first, up and down the column pairs from the right. */
export function placeCodewords(g: Grid, codewords: Uint8Array): void {
  const total = codewords.length * 8;
  let i = 0;
  for (let right = g.size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < g.size; v++) {
      const y = upward ? g.size - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (g.reserved[y][x]) continue;
        g.dark[y][x] = i < total && ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Flips the data modules where mask `m` says so (applying it twice undoes it). */
export function applyMask(g: Grid, m: number): void {
  const f = MASKS[m];
  for (let y = 0; y < g.size; y++) for (let x = 0; x < g.size; x++) if (!g.reserved[y][x] && f(x, y)) g.dark[y][x] = !g.dark[y][x];
}

export const MASK_COUNT = MASKS.length;
