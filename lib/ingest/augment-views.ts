import * as tf from '@tensorflow/tfjs';
import { augmentImage, type AugmentSettings } from '../augment';
import type { Backbone } from '../backbone';
import { embedBatch } from '../classify';
import type { AugmentedViews } from '../dataset';
import { centerSquare, createCropCanvas, decodeImage, drawCrop, readPixels } from '../image';
import { seedFromString } from '../train';

/** Views made with other settings, or by another backbone, are stale: the key says which made them. */
export function viewsKey(backboneId: string, settings: AugmentSettings): string {
  // Listed field by field: equal settings must give equal keys whatever order an object was built in.
  const { views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror } = settings;
  return [backboneId, views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror].join('|');
}

/**
 * Embeds `settings.views` augmented views of one sample's stored crop. The augmentation is seeded
 * by the sample id, so the same sample always gets the same views. Frees every tensor it makes.
 */
export async function embedAugmentedViews(backbone: Backbone, sampleId: string, image: Blob, settings: AugmentSettings): Promise<AugmentedViews> {
  const key = viewsKey(backbone.id, settings);
  if (settings.views === 0) return { key, embeddings: [] };
  const bitmap = await decodeImage(image, 'A stored sample');
  const canvas = createCropCanvas(backbone.inputSize);
  drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
  bitmap.close();
  const views = tf.tidy(() => {
    const pixels = readPixels(canvas); // [224, 224, 3]
    return augmentImage(pixels, settings, seedFromString(sampleId)); // [views, 224, 224, 3]
  });
  try {
    return { key, embeddings: await embedBatch(backbone, views) };
  } finally {
    views.dispose();
  }
}
