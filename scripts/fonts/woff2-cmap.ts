// The characters a WOFF2 font has glyphs for: its cmap table, read without any font library.
// Used by scripts/fonts/subset.ts (to report what a subset kept) and by the test that every character
// the built site shows in a face is still in that face's subset (test/browser/fonts.test.ts).
//
// WOFF2 (W3C, 2018): a 48-byte header, a table directory (flags byte, optional tag, UIntBase128
// lengths), then one Brotli stream holding the tables back to back. cmap is never transformed, so it
// is read as stored; glyf and loca may be, which only changes their lengths in the stream.
import { brotliDecompressSync } from 'node:zlib';

const CMAP_INDEX = 0; // index of 'cmap' in the spec's table of known tags
const GLYF_INDEX = 10;
const LOCA_INDEX = 11;

function base128(bytes: Uint8Array, at: { i: number }): number {
  let value = 0;
  for (let n = 0; n < 5; n++) {
    const b = bytes[at.i++];
    if (n === 0 && b === 0x80) throw new Error('WOFF2: UIntBase128 with a leading zero');
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return value;
  }
  throw new Error('WOFF2: UIntBase128 longer than 5 bytes');
}

/** The raw cmap table of a WOFF2 file. */
export function woff2CmapTable(file: Uint8Array): DataView {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint32(0) !== 0x774f4632) throw new Error('not a WOFF2 file (signature is not wOF2)');
  if (view.getUint32(4) === 0x74746366) throw new Error('WOFF2 font collections are not supported');
  const numTables = view.getUint16(12);
  const compressedLength = view.getUint32(20);
  const at = { i: 48 };
  let offset = 0;
  let cmap: { offset: number; length: number } | undefined;
  for (let t = 0; t < numTables; t++) {
    const flags = file[at.i++];
    const index = flags & 0x3f;
    const transform = flags >> 6;
    if (index === 63) at.i += 4; // an arbitrary tag follows
    const origLength = base128(file, at);
    const glyfOrLoca = index === GLYF_INDEX || index === LOCA_INDEX;
    const transformed = glyfOrLoca ? transform !== 3 : transform !== 0;
    const length = transformed ? base128(file, at) : origLength;
    if (index === CMAP_INDEX) cmap = { offset, length };
    offset += length;
  }
  if (!cmap) throw new Error('WOFF2: no cmap table');
  const tables = brotliDecompressSync(file.subarray(at.i, at.i + compressedLength));
  return new DataView(tables.buffer, tables.byteOffset + cmap.offset, cmap.length);
}

/** Code points the cmap maps to a glyph other than .notdef (Unicode subtables: format 4 and 12). */
export function cmapCodePoints(cmap: DataView): Set<number> {
  const n = cmap.getUint16(2);
  const points = new Set<number>();
  for (let r = 0; r < n; r++) {
    const platform = cmap.getUint16(4 + r * 8);
    const encoding = cmap.getUint16(6 + r * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const at = cmap.getUint32(8 + r * 8);
    const format = cmap.getUint16(at);
    if (format === 4) readFormat4(cmap, at, points);
    else if (format === 12) readFormat12(cmap, at, points);
  }
  return points;
}

function readFormat4(cmap: DataView, at: number, points: Set<number>): void {
  const segments = cmap.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.getUint16(ends + s * 2);
    const start = cmap.getUint16(starts + s * 2);
    const delta = cmap.getUint16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const g = cmap.getUint16(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) points.add(c);
    }
  }
}

function readFormat12(cmap: DataView, at: number, points: Set<number>): void {
  const groups = cmap.getUint32(at + 12);
  for (let g = 0; g < groups; g++) {
    const start = cmap.getUint32(at + 16 + g * 12);
    const end = cmap.getUint32(at + 20 + g * 12);
    const glyph = cmap.getUint32(at + 24 + g * 12);
    for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.add(c);
  }
}

/** The code points a WOFF2 file has glyphs for. */
export function woff2CodePoints(file: Uint8Array): Set<number> {
  return cmapCodePoints(woff2CmapTable(file));
}
