// Text to a QR code: byte mode (UTF-8), error correction level M, the smallest version 1–40 that holds it,
// and the mask with the lowest penalty. Pure; throws a RangeError with the lengths when the text is too long.

import { dataCodewords, interleaved, versionFor } from './data';
import { formatBits } from './info';
import { applyMask, drawFormat, functionPatterns, MASK_COUNT, placeCodewords } from './matrix';
import { penalty } from './penalty';

export interface QrCode {
  version: number;
  mask: number;
  /** Modules per side (17 + 4·version), without the quiet zone. */
  size: number;
  /** modules[y][x], true = dark. */
  modules: boolean[][];
}

export interface QrOptions {
  /** Use at least this version (for tests and fixed layouts). */
  minVersion?: number;
  /** Use this mask (0–7) instead of the one with the lowest penalty. */
  mask?: number;
}

export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  const bytes = new TextEncoder().encode(text);
  const version = versionFor(bytes.length, options.minVersion);
  const codewords = interleaved(dataCodewords(bytes, version), version);
  const grid = functionPatterns(version);
  placeCodewords(grid, codewords);
  const masks = options.mask === undefined ? [...Array(MASK_COUNT).keys()] : [options.mask];
  let best = { mask: -1, score: Infinity };
  for (const m of masks) {
    applyMask(grid, m);
    drawFormat(grid, formatBits(m));
    const score = penalty(grid.dark);
    if (score < best.score) best = { mask: m, score };
    applyMask(grid, m);
  }
  applyMask(grid, best.mask);
  drawFormat(grid, formatBits(best.mask));
  return { version, mask: best.mask, size: grid.size, modules: grid.dark };
}
