// A QR code as one SVG path: each run of dark modules in a row is a rectangle, in module units, offset by
// the quiet zone (4 modules, as the standard asks). Draw it with shape-rendering="crispEdges" in a
// viewBox of `qrViewBox(code)` so every module edge falls on whole units.

import type { QrCode } from './encode';

export const QUIET_ZONE = 4;

export function qrSide(code: Pick<QrCode, 'size'>, quiet = QUIET_ZONE): number {
  return code.size + 2 * quiet;
}

export function qrViewBox(code: Pick<QrCode, 'size'>, quiet = QUIET_ZONE): string {
  const side = qrSide(code, quiet);
  return `0 0 ${side} ${side}`;
}

export function qrPath(code: Pick<QrCode, 'modules'>, quiet = QUIET_ZONE): string {
  const parts: string[] = [];
  code.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < row.length && row[end]) end++;
      parts.push(`M${x + quiet} ${y + quiet}h${end - x}v1h${x - end}z`);
      x = end;
    }
  });
  return parts.join('');
}
