// The sizes of QR versions 1–40 at error correction level M (ISO/IEC 18004 table 9): how many modules
// carry data, how the codewords split into Reed–Solomon blocks, and where the alignment patterns sit.
// Only level M is kept: it restores up to about 15% of damaged codewords, enough for a sheet that was
// folded or photographed at an angle, and our longest handout address fits version 7 with it.

export const MIN_VERSION = 1;
export const MAX_VERSION = 40;

/** Error correction codewords per block, level M, index = version. */
const EC_PER_BLOCK = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
/** Number of blocks, level M, index = version. */
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

export const sideOf = (version: number): number => 17 + 4 * version;

/** Modules left for codewords (and remainder bits) once the function patterns are placed. */
export function rawDataModules(version: number): number {
  let n = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    n -= (25 * align - 10) * align - 55;
    if (version >= 7) n -= 36;
  }
  return n;
}

export interface BlockLayout {
  ecPerBlock: number;
  blocks: number;
  /** Data codewords of the first (short) blocks; the rest carry one more. */
  shortData: number;
  shortBlocks: number;
  totalCodewords: number;
  dataCodewords: number;
}

export function blockLayout(version: number): BlockLayout {
  const totalCodewords = Math.floor(rawDataModules(version) / 8);
  const ecPerBlock = EC_PER_BLOCK[version];
  const blocks = BLOCKS[version];
  const shortBlocks = blocks - (totalCodewords % blocks);
  const shortData = Math.floor(totalCodewords / blocks) - ecPerBlock;
  return { ecPerBlock, blocks, shortData, shortBlocks, totalCodewords, dataCodewords: totalCodewords - ecPerBlock * blocks };
}

/** Row/column centres of the alignment patterns. */
export function alignmentCentres(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const out = [6];
  for (let pos = sideOf(version) - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

/** Bits of the byte-mode character count field. */
export const countBits = (version: number): number => (version <= 9 ? 8 : 16);

/** The most bytes version `version` holds in byte mode at level M. */
export function byteCapacity(version: number): number {
  return Math.floor((blockLayout(version).dataCodewords * 8 - 4 - countBits(version)) / 8);
}
