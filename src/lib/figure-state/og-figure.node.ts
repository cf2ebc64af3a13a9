// A figure's Open Graph image (1200×630 PNG): the card of og-card.ts (kicker, title, a frame) with the
// figure's light still (stills.ts, from public/stills/) composited into STILL_BOX with rounded corners.
// Node only (sharp, the file system); src/pages/og/[...slug].png.ts serves it at og/figures/<id>.png.
import sharp from 'sharp';
import { figureCardSvg, STILL_BOX, type FigureCardInput } from './og-card';
import { stillFile } from './stills.node.ts';

/** The figure's light still, scaled into STILL_BOX (same 16:10 shape) with its corners rounded. */
export async function framedStill(id: string, root?: string): Promise<Buffer> {
  const { width, height, radius } = STILL_BOX;
  const mask = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${radius}" fill="#fff"/></svg>`);
  return sharp(stillFile(id, 'light', root))
    .resize({ width, height, fit: 'cover', position: 'top', kernel: 'lanczos3' })
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
}

export async function figureCardPng(id: string, card: FigureCardInput, root?: string): Promise<Buffer> {
  return sharp(Buffer.from(figureCardSvg(card)))
    .composite([{ input: await framedStill(id, root), left: STILL_BOX.x, top: STILL_BOX.y }])
    .png({ compressionLevel: 9 })
    .toBuffer();
}
