// The mask penalty of ISO/IEC 18004 §7.8.3: runs of five or more like modules in a line (3 + run − 5),
// 2×2 blocks of one colour (3 each), finder-like 1:1:3:1:1 patterns with four light modules on a side
// (40 each), and the distance of the dark share from 50% (10 per 5%). The encoder keeps the lowest.

const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
];

function lineScore(line: boolean[]): number {
  let score = 0;
  let run = 1;
  for (let i = 1; i <= line.length; i++) {
    if (i < line.length && line[i] === line[i - 1]) run++;
    else {
      if (run >= 5) score += 3 + run - 5;
      run = 1;
    }
  }
  for (let i = 0; i + 11 <= line.length; i++) {
    for (const p of FINDER_LIKE) if (p.every((d, k) => line[i + k] === d)) score += 40;
  }
  return score;
}

export function penalty(dark: boolean[][]): number {
  const n = dark.length;
  let score = 0;
  for (let y = 0; y < n; y++) score += lineScore(dark[y]);
  for (let x = 0; x < n; x++) score += lineScore(dark.map((row) => row[x]));
  let darkCount = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (dark[y][x]) darkCount++;
      if (x + 1 < n && y + 1 < n) {
        const c = dark[y][x];
        if (dark[y][x + 1] === c && dark[y + 1][x] === c && dark[y + 1][x + 1] === c) score += 3;
      }
    }
  }
  const total = n * n;
  score += Math.floor(Math.abs(darkCount * 100 - total * 50) / (total * 5)) * 10;
  return score;
}
