import * as tf from '@tensorflow/tfjs';
import type { CropBox } from './crop';
import { imageSize } from './image-format';
import { rgbaToRgb } from './pixels';

export type ImageErrorKind = 'not-an-image' | 'too-large';

export class ImageError extends Error {
  constructor(readonly kind: ImageErrorKind, message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/** A page's canvas, or in the ML engine's worker (which has no document) an `OffscreenCanvas`. */
export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;
export type AnyContext2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A canvas of this size where the code runs: the page's DOM, or `OffscreenCanvas` in a worker. */
export function createCanvas(width: number, height: number): AnyCanvas {
  if (typeof document === 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** A square canvas the size of the backbone's input; frames and files are cropped into it. */
export function createCropCanvas(size: number): AnyCanvas {
  return createCanvas(size, size);
}

/** 2D context of either kind of canvas. */
export function context2d(canvas: AnyCanvas, options?: CanvasRenderingContext2DSettings): AnyContext2D {
  const ctx = canvas.getContext('2d', options) as AnyContext2D | null;
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  return ctx;
}

/** Context for a canvas whose pixels are read back every frame (TF.js `fromPixels`). */
export function readableContext(canvas: AnyCanvas): AnyContext2D {
  return context2d(canvas, { willReadFrequently: true });
}

export function drawCrop(source: CanvasImageSource, box: CropBox, canvas: AnyCanvas): void {
  const ctx = readableContext(canvas);
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(source, box.x, box.y, box.size, box.size, 0, 0, canvas.width, canvas.height);
}

/** The browser snapshots the canvas when this is called, so the canvas may be redrawn at once. */
export function canvasToJpeg(canvas: AnyCanvas, quality = 0.9): Promise<Blob> {
  if (!('toBlob' in canvas)) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode a JPEG.'))), 'image/jpeg', quality),
  );
}

/**
 * Images above this many pixels are refused before decoding: a 20,000x20,000 photo would need 1.6 GB
 * of decoded pixels, enough to crash a tab on a phone. 100 MP still admits the largest phone photos.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Larger images are decoded straight to this long side: nothing downstream needs more, and big bitmaps overflow GPU textures. */
export const MAX_DECODED_SIDE = 2048;
/** Where JPEG/PNG/WebP headers state the size; JPEG's can follow up to 64 KB of EXIF. */
const HEADER_BYTES = 256 * 1024;

/**
 * Decodes an image file, never to more than MAX_DECODED_SIDE on its long side. A file that is not a
 * readable image, or whose header states more than MAX_IMAGE_PIXELS, becomes an `ImageError`.
 */
export async function decodeImage(file: Blob, name = 'This file'): Promise<ImageBitmap> {
  const size = imageSize(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
    const megapixels = Math.round((size.width * size.height) / 1e6);
    throw new ImageError(
      'too-large',
      `${name} is ${size.width.toLocaleString('en-US')} × ${size.height.toLocaleString('en-US')} pixels (${megapixels} megapixels), more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels Gesture Studio reads; scale it down and add it again.`,
    );
  }
  const scale = size ? Math.min(1, MAX_DECODED_SIDE / Math.max(size.width, size.height)) : 1;
  try {
    if (scale === 1 || !size) return await createImageBitmap(file);
    return await createImageBitmap(file, { resizeWidth: Math.max(1, Math.round(size.width * scale)), resizeHeight: Math.max(1, Math.round(size.height * scale)), resizeQuality: 'medium' });
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
export function readPixels(canvas: AnyCanvas, into?: Float32Array): tf.Tensor3D {
  const { width, height } = canvas;
  const rgb = rgbaToRgb(readableContext(canvas).getImageData(0, 0, width, height).data, into);
  return tf.tensor3d(rgb, [height, width, 3], 'float32');
}
