// Reads the QR code in a picture (a PNG screenshot of an element, or a page of a printed PDF rasterized by
// pdftoppm) the way a phone would: pixels to jsQR. sharp (already a dependency) decodes the PNG.
import jsQR from 'jsqr';
import sharp from 'sharp';

/** The text of the one QR code jsQR finds in the PNG, or null. */
export async function readQr(png: Buffer | string): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  return found ? found.data : null;
}
