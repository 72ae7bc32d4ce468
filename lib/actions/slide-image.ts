import { createId } from '../dataset';
import { canvasToJpeg, context2d, createCanvas, decodeImage } from '../image';
import type { Slide } from './actions';

/** Slides are stored at most this wide or tall: plenty for a full-screen stage, small to save. */
export const MAX_SLIDE_SIDE = 1920;

/**
 * A slide from an image file the person picked: decoded, scaled to fit MAX_SLIDE_SIDE and stored as
 * a JPEG on white (transparent PNGs stay readable). Browser-only. Rejects with an `ImageError`
 * whose message names the file when it is not an image this browser can read.
 */
export async function slideFromFile(file: File): Promise<Slide> {
  const bitmap = await decodeImage(file, file.name);
  try {
    const scale = Math.min(1, MAX_SLIDE_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = createCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    const ctx = context2d(canvas);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return { id: createId('slide'), image: await canvasToJpeg(canvas, 0.88) };
  } finally {
    bitmap.close();
  }
}
