import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

/**
 * Writes `count` small PNGs of one flat colour family into a fresh temp folder: data for specs that
 * must run without the shared hand photos (two such families are trivially separable).
 */
export function writeSolidImages(count: number, rgb: readonly [number, number, number], prefix = 'img'): string[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-images-'));
  return Array.from({ length: count }, (_, i) => {
    const png = new PNG({ width: 64, height: 48 });
    for (let p = 0; p < png.width * png.height; p += 1) {
      // A little per-image variation so the samples are not identical.
      png.data[p * 4] = Math.min(255, rgb[0] + i * 3);
      png.data[p * 4 + 1] = Math.min(255, rgb[1] + ((p % png.width) >> 2));
      png.data[p * 4 + 2] = rgb[2];
      png.data[p * 4 + 3] = 255;
    }
    const file = path.join(folder, `${prefix}-${i}.png`);
    fs.writeFileSync(file, PNG.sync.write(png));
    return file;
  });
}
