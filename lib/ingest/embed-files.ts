import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { embedBatch } from '../classify';
import { canvasToJpeg, centerSquare, createCropCanvas, decodeImage, drawCrop, ImageError, readPixels, type CropBox } from '../image';

export interface ProcessedFile<F, R> {
  readonly file: F;
  readonly result: R;
  /** The 224x224 crop the network saw, as a JPEG. */
  readonly image: Blob;
  /** The hand's landmark features, when files were located (`locate`). */
  readonly landmarks?: Float32Array;
}

/**
 * Where the hand is in a decoded image (the square to crop) and its landmark features; null when there
 * is no hand. `file` is the file the image was decoded from, for a caller that already searched it.
 */
export type Locate = (image: ImageBitmap, file: Blob) => { readonly box: CropBox; readonly landmarks: Float32Array } | null;


export interface FileFailure<F> {
  readonly file: F;
  /** 'no-hand': a readable image in which `locate` found no hand; 'unreadable': not an image this browser can use. */
  readonly kind: 'no-hand' | 'unreadable';
  readonly reason: string;
}

export interface ProcessFilesResult<F, R> {
  readonly processed: ProcessedFile<F, R>[];
  readonly failed: FileFailure<F>[];
  readonly cancelled: boolean;
}

export interface ProcessFilesOptions {
  /** Images decoded and processed together; bounds memory whatever the number of files. */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Crop around the hand this finds instead of the centre square; images without a hand are reported as failed. */
  readonly locate?: Locate;
}

/**
 * Turns a batch of crops ([n, 224, 224, 3] float32 0..255, still the caller's) of `files` into one
 * result per crop. `landmarks[i]` is file i's hand-landmark features when files are located, else null.
 */
export type BatchFn<F, R> = (pixels: tf.Tensor4D, files: readonly F[], landmarks: readonly (Float32Array | null)[]) => Promise<R[]>;

/**
 * Decodes and centre-crops image files in small batches, the same way live frames are cropped, and
 * runs `run` on each batch. Unreadable files are reported, not fatal. Only one batch of decoded
 * pixels is alive at a time, and every tensor is freed before the next batch starts.
 */
export async function processImageFiles<F extends Blob & { name: string }, R>(
  files: readonly F[],
  inputSize: number,
  run: BatchFn<F, R>,
  options: ProcessFilesOptions = {},
): Promise<ProcessFilesResult<F, R>> {
  const batchSize = options.batchSize ?? 16;
  const canvas = createCropCanvas(inputSize);
  const processed: ProcessedFile<F, R>[] = [];
  const failed: FileFailure<F>[] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    if (options.signal?.aborted) return { processed, failed, cancelled: true };
    const batch: { file: F; pixels: tf.Tensor3D; image: Promise<Blob>; landmarks: Float32Array | null }[] = [];
    for (const file of files.slice(start, start + batchSize)) {
      try {
        const bitmap = await decodeImage(file, file.name);
        const found = options.locate ? options.locate(bitmap, file) : null;
        if (options.locate && !found) {
          bitmap.close();
          failed.push({ file, kind: 'no-hand', reason: `${file.name}: no hand was found in it.` });
          continue;
        }
        drawCrop(bitmap, found?.box ?? centerSquare(bitmap.width, bitmap.height), canvas);
        bitmap.close();
        batch.push({ file, pixels: readPixels(canvas), image: canvasToJpeg(canvas), landmarks: found?.landmarks ?? null }); // [224, 224, 3]
      } catch (error) {
        failed.push({ file, kind: 'unreadable', reason: error instanceof ImageError ? error.message : `${file.name} could not be read.` });
      }
    }
    if (options.signal?.aborted) {
      // Cancelled while decoding, perhaps because the backend was left: these pixels may not sit on
      // the backbone's backend, and no op may join them.
      tf.dispose(batch.map((b) => b.pixels));
      return { processed, failed, cancelled: true };
    }
    if (batch.length > 0) {
      const stacked = tf.stack(batch.map((b) => b.pixels)) as tf.Tensor4D; // [n, 224, 224, 3]
      tf.dispose(batch.map((b) => b.pixels));
      try {
        const results = await run(stacked, batch.map((b) => b.file), batch.map((b) => b.landmarks));
        const images = await Promise.all(batch.map((b) => b.image));
        batch.forEach((b, i) => processed.push({ file: b.file, result: results[i], image: images[i], ...(b.landmarks ? { landmarks: b.landmarks } : {}) }));
      } finally {
        stacked.dispose();
      }
    }
    options.onProgress?.(Math.min(start + batchSize, files.length), files.length);
    // Let the page paint progress and handle Cancel between batches.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { processed, failed, cancelled: false };
}

export type EmbedFilesResult<F> = ProcessFilesResult<F, Float32Array>;

/** Files → frozen-backbone embeddings (one per file) and their crops. */
export function embedFiles<F extends Blob & { name: string }>(backbone: Backbone, files: readonly F[], options: ProcessFilesOptions = {}): Promise<EmbedFilesResult<F>> {
  return processImageFiles(files, backbone.inputSize, (pixels) => embedBatch(backbone, pixels), options);
}
