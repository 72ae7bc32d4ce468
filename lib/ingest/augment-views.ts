import * as tf from '@tensorflow/tfjs';
import { augmentImage, backgroundViews, type AugmentSettings } from '../augment';
import type { Backbone } from '../backbone';
import { embedBatch } from '../classify';
import type { AugmentedViews } from '../dataset';
import type { Hand } from '../hand';
import { centerSquare, createCropCanvas, decodeImage, drawCrop, readableContext, readPixels } from '../image';
import { drawBackground, drawHandCutout, GENERATED_BACKGROUNDS } from '../scenes';
import { createRandom, seedFromString } from '../train';

/** Views made with other settings, or by another backbone, are stale: the key says which made them. */
export function viewsKey(backboneId: string, settings: AugmentSettings): string {
  // Listed field by field: equal settings must give equal keys whatever order an object was built in.
  const { views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror, backgrounds } = settings;
  return [backboneId, views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror, backgrounds].join('|');
}

/** Finds the hand in a stored hand crop (a tracker's `detectImage`); null when none is found. */
export type FindHand = (image: ImageBitmap) => Hand | null;

/**
 * Embeds `settings.views` augmented views of one sample's stored crop. With `findHand` (hand crops),
 * `backgroundViews(settings)` of them first move the hand, cut out along its landmark outline, in
 * front of a generated background, where it stays at the same place in the crop; a crop in which no
 * hand is found again gets ordinary views only. The augmentation is seeded by the sample id, so the
 * same sample always gets the same views. Frees every tensor it makes.
 */
export async function embedAugmentedViews(backbone: Backbone, sampleId: string, image: Blob, settings: AugmentSettings, findHand?: FindHand): Promise<AugmentedViews> {
  const key = viewsKey(backbone.id, settings);
  if (settings.views === 0) return { key, embeddings: [] };
  const bitmap = await decodeImage(image, 'A stored sample');
  const canvas = createCropCanvas(backbone.inputSize);
  const seed = seedFromString(sampleId);
  const backdrops: tf.Tensor3D[] = [];
  try {
    drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
    const hand = findHand && backgroundViews(settings) > 0 ? findHand(bitmap) : null;
    if (hand) {
      const ctx = readableContext(canvas);
      const random = createRandom(seed);
      for (let i = 0; i < backgroundViews(settings); i += 1) {
        drawBackground(ctx, GENERATED_BACKGROUNDS[Math.floor(random() * GENERATED_BACKGROUNDS.length)], random);
        drawHandCutout(ctx, bitmap, hand);
        backdrops.push(readPixels(canvas)); // [224, 224, 3]
      }
      drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
    }
  } finally {
    bitmap.close();
  }
  const views = tf.tidy(() => {
    const plain = settings.views - backdrops.length;
    const sets = backdrops.map((pixels, i) => augmentImage(pixels, { ...settings, views: 1 }, seed + 1 + i)); // [1, 224, 224, 3] each
    if (plain > 0) sets.push(augmentImage(readPixels(canvas), { ...settings, views: plain }, seed)); // [plain, 224, 224, 3]
    return tf.concat(sets); // [views, 224, 224, 3]
  });
  tf.dispose(backdrops);
  try {
    return { key, embeddings: await embedBatch(backbone, views) };
  } finally {
    views.dispose();
  }
}
