import * as tf from '@tensorflow/tfjs';
import type { CropBox } from './crop';
import { rgbaToRgb } from './pixels';

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
  ctx.imageSmoothingQuality = 'low';
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

/**
 * The canvas's pixels as a float32 [height, width, 3] tensor (0..255); the caller disposes it.
 * TF.js's own `fromPixels` redraws the canvas into a scratch canvas and converts with typed-array
 * copies that allocate ~600 kB per frame, which on the WASM backend cost about as much as a whole
 * MobileNet 0.25 pass. Pass `into` (length height * width * 3) to reuse one buffer across frames;
 * only do so once the previous tensor made from it is disposed, since some backends keep a reference
 * to the array they were given.
 */
export function readPixels(canvas: HTMLCanvasElement, into?: Float32Array): tf.Tensor3D {
  const { width, height } = canvas;
  const rgb = rgbaToRgb(readableContext(canvas).getImageData(0, 0, width, height).data, into);
  return tf.tensor3d(rgb, [height, width, 3], 'float32');
}
