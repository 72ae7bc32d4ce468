import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { embedBatch } from '../classify';
import { canvasToJpeg, centerSquare, createCropCanvas, decodeImage, drawCrop, ImageError, readPixels } from '../image';

export interface EmbeddedFile<F> {
  readonly file: F;
  readonly embedding: Float32Array;
  /** The 224x224 crop the backbone saw, as a JPEG. */
  readonly image: Blob;
}

export interface FileFailure<F> {
  readonly file: F;
  readonly reason: string;
}

export interface EmbedFilesResult<F> {
  readonly embedded: EmbeddedFile<F>[];
  readonly failed: FileFailure<F>[];
  readonly cancelled: boolean;
}

export interface EmbedFilesOptions {
  /** Images decoded and embedded together; bounds memory whatever the number of files. */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Decodes, centre-crops and embeds image files in small batches, the same way live frames are
 * cropped. Unreadable files are reported, not fatal. Only one batch of decoded pixels is alive at a
 * time, and every tensor is freed before the next batch starts.
 */
export async function embedFiles<F extends Blob & { name: string }>(backbone: Backbone, files: readonly F[], options: EmbedFilesOptions = {}): Promise<EmbedFilesResult<F>> {
  const batchSize = options.batchSize ?? 16;
  const canvas = createCropCanvas(backbone.inputSize);
  const embedded: EmbeddedFile<F>[] = [];
  const failed: FileFailure<F>[] = [];
  for (let start = 0; start < files.length; start += batchSize) {
    if (options.signal?.aborted) return { embedded, failed, cancelled: true };
    const batch: { file: F; pixels: tf.Tensor3D; image: Promise<Blob> }[] = [];
    for (const file of files.slice(start, start + batchSize)) {
      try {
        const bitmap = await decodeImage(file, file.name);
        drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
        bitmap.close();
        batch.push({ file, pixels: readPixels(canvas), image: canvasToJpeg(canvas) }); // [224, 224, 3]
      } catch (error) {
        failed.push({ file, reason: error instanceof ImageError ? error.message : `${file.name} could not be read.` });
      }
    }
    if (batch.length > 0) {
      const stacked = tf.stack(batch.map((b) => b.pixels)) as tf.Tensor4D; // [n, 224, 224, 3]
      tf.dispose(batch.map((b) => b.pixels));
      try {
        const embeddings = await embedBatch(backbone, stacked);
        const images = await Promise.all(batch.map((b) => b.image));
        batch.forEach((b, i) => embedded.push({ file: b.file, embedding: embeddings[i], image: images[i] }));
      } finally {
        stacked.dispose();
      }
    }
    options.onProgress?.(Math.min(start + batchSize, files.length), files.length);
    // Let the page paint progress and handle Cancel between batches.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { embedded, failed, cancelled: false };
}
