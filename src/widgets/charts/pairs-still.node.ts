// The pairs grid's server-rendered picture as one-bit PNG masks, one per kind of cell, built at build time
// (src/lib/png/bitmap.node.ts): 4.5 kB of base64 in the page (two masks at the last step) instead of the 23 kB (gzipped) of SVG path data
// that 12,769 cells take. The widget draws them (as CSS-coloured rects through SVG masks, so the theme
// still colours them) until it hydrates, then draws its live paths. Only for the grid's default state:
// the right and wrong answers at one checkpoint.
import { decodeBitset } from '../../lib/analysis/bitset';
import { bitmapDataUrl } from '../../lib/png/bitmap.node';
import type { PairsData } from '../../lib/runs/figure-data';
import { CELL_KINDS, cellMasks, type PairsStill } from './pairs';

/** The still at the checkpoint at or before `step` (default: the run's last step, where the grid opens). */
export function pairsStill(data: PairsData | null, step = data?.lastStep ?? 0): PairsStill | null {
  if (!data) return null;
  const i = data.checkpoints.findLastIndex((c) => c.step <= step);
  if (i < 0) throw new Error(`pairsStill: run ${data.id} has no checkpoint at or before step ${step}`);
  const n = data.p * data.p;
  const masks = cellMasks(data.p, decodeBitset(data.trainBitset, n), decodeBitset(data.correct[i], n));
  const out: PairsStill = { step: data.checkpoints[i].step, masks: {} };
  for (const k of CELL_KINDS) if (masks[k].some((v) => v)) out.masks[k] = bitmapDataUrl(masks[k], data.p, data.p);
  return out;
}
