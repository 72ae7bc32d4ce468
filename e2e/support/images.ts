import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
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

/**
 * Writes a flat grey PNG of `width` x `height` to `file`, streaming its rows through the compressor:
 * a 20,000 x 20,000 image (1.2 GB of pixels) becomes a 1.2 MB file without ever being in memory.
 */
export async function writeHugePng(file: string, width: number, height: number): Promise<string> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3, 128);
  row[0] = 0; // filter: none
  const deflate = zlib.createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (let y = 0; y < height; y += 1) if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  fs.writeFileSync(file, Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', Buffer.concat(compressed)), chunk('IEND', Buffer.alloc(0))]));
  return file;
}

export const RED: [number, number, number] = [200, 40, 40];
export const BLUE: [number, number, number] = [40, 40, 200];

/** A labelled folder (Red/, Blue/) with plain and in-between colours, so the model's mistakes show in the matrix too. */
export function writeColourEvaluationFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-eval-'));
  const families: Record<string, [number, number, number][]> = { Red: [RED, [150, 40, 110]], Blue: [BLUE, [110, 40, 150]] };
  for (const [name, colours] of Object.entries(families)) {
    fs.mkdirSync(path.join(root, name));
    colours.forEach((rgb, i) => {
      for (const file of writeSolidImages(3, rgb, `${name}-${i}`)) fs.copyFileSync(file, path.join(root, name, path.basename(file)));
    });
  }
  return root;
}
