// A grid of values in [0, 1] as a few SVG paths, for the static (server-rendered) state of figures that draw
// heatmaps into a <canvas>: without JavaScript, when printed, and until the canvas has drawn. Values are
// quantized to `levels` shades; each shade is one path of horizontal runs of equal cells ("M x y h w v 1 h -w z"),
// drawn in one colour at opacity (level / levels) over the page background, so it follows the theme and prints.
// Cells below the first shade are left out (they are the background). Coordinates are cell units: put the paths
// in an <svg viewBox="0 0 cols rows" preserveAspectRatio="none">.

export interface RasterShade {
  /** Opacity of this shade, in (0, 1]. */
  opacity: number;
  d: string;
}

/** value(row, col) in [0, 1] (clamped; NaN counts as 0). */
export function rasterPaths(rows: number, cols: number, value: (row: number, col: number) => number, levels = 8): RasterShade[] {
  const paths: string[][] = Array.from({ length: levels + 1 }, () => []);
  const level = (r: number, c: number) => {
    const v = value(r, c);
    return Number.isFinite(v) ? Math.max(0, Math.min(levels, Math.round(v * levels))) : 0;
  };
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      const l = level(r, c);
      let e = c + 1;
      while (e < cols && level(r, e) === l) e++;
      if (l > 0) paths[l].push(`M${c} ${r}h${e - c}v1h${c - e}z`);
      c = e;
    }
  }
  const out: RasterShade[] = [];
  for (let l = 1; l <= levels; l++) if (paths[l].length) out.push({ opacity: Number((l / levels).toFixed(3)), d: paths[l].join('') });
  return out;
}
