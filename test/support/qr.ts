import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Every QR code found in a PNG (a Chromium screenshot): their decoded texts, scanning tiles so several codes on one page are found. */
export function decodeQrCodes(png: Buffer): string[] {
  const image = PNG.sync.read(png);
  const found = new Set<string>();
  const whole = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  // jsQR now and then "finds" a code with no data in a tile of print (the density of the codes follows the
  // address's length, so the test server's random port can bring it on): no code of the kit is empty.
  if (whole?.data) found.add(whole.data);
  // jsQR finds one code per image: scan overlapping tiles for the rest.
  const tile = Math.min(image.width, image.height, 600);
  const step = Math.max(100, Math.floor(tile / 3));
  for (let y = 0; y + tile <= image.height + step; y += step) {
    for (let x = 0; x + tile <= image.width + step; x += step) {
      const w = Math.min(tile, image.width - x);
      const h = Math.min(tile, image.height - y);
      if (w < 60 || h < 60) continue;
      const data = new Uint8ClampedArray(w * h * 4);
      for (let row = 0; row < h; row++) {
        const start = ((y + row) * image.width + x) * 4;
        data.set(image.data.subarray(start, start + w * 4), row * w * 4);
      }
      const code = jsQR(data, w, h);
      if (code?.data) found.add(code.data);
    }
  }
  return [...found];
}
