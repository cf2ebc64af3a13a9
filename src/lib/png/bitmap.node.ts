// A one-bit PNG (greyscale, bit depth 1) of a w × h bitmap, as a data: URL: the smallest image of a set
// of cells, for server-rendered figures that would otherwise draw thousands of them as SVG paths (the
// pairs grid's 12,769). Used at build time only (node:zlib); browsers decode it.
// Format: PNG 1.2 (W3C), chunks IHDR, IDAT (zlib, filter 0 per row), IEND, each with its CRC-32.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** PNG bytes of `on` (row-major, w × h, nonzero = white): white where on, black elsewhere. */
export function bitmapPng(on: ArrayLike<number>, w: number, h: number): Buffer {
  if (on.length !== w * h) throw new Error(`bitmapPng: ${on.length} values for ${w} × ${h}`);
  const rowBytes = Math.ceil(w / 8);
  const raw = new Uint8Array(h * (1 + rowBytes)); // each row: filter type 0, then the bits, MSB first
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if (on[y * w + x]) raw[y * (1 + rowBytes) + 1 + (x >> 3)] |= 0x80 >> (x & 7);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter method 0, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

export const bitmapDataUrl = (on: ArrayLike<number>, w: number, h: number): string => `data:image/png;base64,${bitmapPng(on, w, h).toString('base64')}`;
