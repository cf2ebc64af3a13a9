// Test helper: a QR code drawn as RGBA pixels (black on white, quiet zone included) for jsQR to read.
import jsQR from 'jsqr';
import type { QrCode } from '../../../src/lib/qr/encode.ts';
import { QUIET_ZONE } from '../../../src/lib/qr/svg.ts';

export function rasterize(code: QrCode, scale = 3, quiet = QUIET_ZONE): { data: Uint8ClampedArray; width: number; height: number } {
  const side = (code.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.modules[y][x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
          data[at] = data[at + 1] = data[at + 2] = 0;
        }
      }
    }
  }
  return { data, width: side, height: side };
}

/** What a decoder reads from the code: its bytes and version, or null. */
export function decode(code: QrCode, scale = 3): { bytes: Uint8Array; version: number } | null {
  const { data, width, height } = rasterize(code, scale);
  const r = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  return r ? { bytes: Uint8Array.from(r.binaryData), version: r.version } : null;
}
