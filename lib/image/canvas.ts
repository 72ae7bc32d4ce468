import type { CropBox } from './crop';

export type ImageErrorKind = 'not-an-image' | 'too-large';

export class ImageError extends Error {
  constructor(readonly kind: ImageErrorKind, message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/** A square canvas the size of the backbone's input; frames and files are cropped into it. */
export function createCropCanvas(size: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  return canvas;
}

/** Context for a canvas whose pixels are read back every frame (TF.js `fromPixels`). */
export function readableContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  return ctx;
}

export function drawCrop(source: CanvasImageSource, box: CropBox, canvas: HTMLCanvasElement): void {
  const ctx = readableContext(canvas);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, box.x, box.y, box.size, box.size, 0, 0, canvas.width, canvas.height);
}

/** The browser snapshots the canvas when this is called, so the canvas may be redrawn at once. */
export function canvasToJpeg(canvas: HTMLCanvasElement, quality = 0.9): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode a JPEG.'))), 'image/jpeg', quality),
  );
}

/** Decodes an image file; a file that is not a readable image becomes an `ImageError`. */
export async function decodeImage(file: Blob, name = 'This file'): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file);
  } catch {
    throw new ImageError('not-an-image', `${name} is not an image this browser can read.`);
  }
}
