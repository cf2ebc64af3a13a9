import { describe, expect, it } from 'vitest';
import { rasterPaths } from '../../../src/lib/analysis/raster';

describe('rasterPaths (static heatmaps)', () => {
  it('merges equal cells of a row into one run and leaves the background out', () => {
    const grid = [
      [0, 1, 1, 0.5],
      [0, 0, 0, 0],
    ];
    const shades = rasterPaths(2, 4, (r, c) => grid[r][c], 2);
    expect(shades).toEqual([
      { opacity: 0.5, d: 'M3 0h1v1h-1z' },
      { opacity: 1, d: 'M1 0h2v1h-2z' },
    ]);
  });

  it('clamps values outside [0, 1] and treats NaN as background', () => {
    const shades = rasterPaths(1, 3, (_r, c) => [NaN, -2, 7][c], 4);
    expect(shades).toEqual([{ opacity: 1, d: 'M2 0h1v1h-1z' }]);
  });

  it('covers every non-background cell exactly once', () => {
    const n = 17;
    const v = (r: number, c: number) => (Math.sin(r * 0.7) * Math.cos(c * 0.4) + 1) / 2;
    let area = 0;
    for (const s of rasterPaths(n, n, v, 8)) for (const m of s.d.matchAll(/h(\d+)v1/g)) area += Number(m[1]);
    let expected = 0;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (Math.round(v(r, c) * 8) > 0) expected++;
    expect(area).toBe(expected);
  });
});
