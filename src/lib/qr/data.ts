// From text to the codeword sequence a symbol carries: the text's UTF-8 bytes in byte mode (mode 0100,
// count, bytes), the terminator and padding, split into Reed–Solomon blocks with their error correction,
// and interleaved as ISO/IEC 18004 §7.6 lays them out.

import { ecCodewords } from './gf256';
import { blockLayout, byteCapacity, countBits, MAX_VERSION, MIN_VERSION } from './versions';

class BitBuffer {
  readonly bits: number[] = [];
  put(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  }
}

/** The smallest version holding `bytes` bytes; throws a RangeError saying how long is too long. */
export function versionFor(bytes: number, minVersion = MIN_VERSION): number {
  for (let v = Math.max(MIN_VERSION, minVersion); v <= MAX_VERSION; v++) if (byteCapacity(v) >= bytes) return v;
  throw new RangeError(
    `This text is ${bytes.toLocaleString('en-US')} bytes long; a QR code (error correction M) holds at most ${byteCapacity(MAX_VERSION).toLocaleString('en-US')}.`,
  );
}

/** The data codewords (before error correction) of `bytes` in byte mode, padded to the version's capacity. */
export function dataCodewords(bytes: Uint8Array, version: number): Uint8Array {
  const capacity = blockLayout(version).dataCodewords;
  const buf = new BitBuffer();
  buf.put(0b0100, 4);
  buf.put(bytes.length, countBits(version));
  for (const b of bytes) buf.put(b, 8);
  buf.put(0, Math.min(4, capacity * 8 - buf.bits.length));
  buf.put(0, (8 - (buf.bits.length % 8)) % 8);
  const out = new Uint8Array(capacity);
  for (let i = 0; i < buf.bits.length; i++) out[i >>> 3] |= buf.bits[i] << (7 - (i & 7));
  for (let i = buf.bits.length / 8, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) out[i] = pad;
  return out;
}

/** Data and error correction codewords, interleaved block by block. */
export function interleaved(data: Uint8Array, version: number): Uint8Array {
  const { ecPerBlock, blocks, shortData, shortBlocks, totalCodewords } = blockLayout(version);
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  for (let b = 0, at = 0; b < blocks; b++) {
    const len = shortData + (b < shortBlocks ? 0 : 1);
    const block = data.subarray(at, at + len);
    dataBlocks.push(block);
    ecBlocks.push(ecCodewords(block, ecPerBlock));
    at += len;
  }
  const out = new Uint8Array(totalCodewords);
  let k = 0;
  for (let i = 0; i <= shortData; i++) for (const block of dataBlocks) if (i < block.length) out[k++] = block[i];
  for (let i = 0; i < ecPerBlock; i++) for (const block of ecBlocks) out[k++] = block[i];
  return out;
}
