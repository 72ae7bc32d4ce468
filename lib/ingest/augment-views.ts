import * as tf from '@tensorflow/tfjs';
import { augmentImage, backgroundViews, framedViews, type AugmentSettings } from '../augment';
import type { Backbone } from '../backbone';
import { embedBatch } from '../classify';
import type { AugmentedViews } from '../dataset';
import { LANDMARK_OPTIONS, landmarkFeatures, MARGIN_SEARCH, type Hand, type StillTry } from '../hand';
import { centerSquare, createCanvas, createCropCanvas, decodeImage, drawCrop, readableContext, readPixels, type AnyCanvas, type AnyContext2D } from '../image';
import { boundsOf, drawBackground, drawHandCutout, GENERATED_BACKGROUNDS, planFraming } from '../scenes';
import { createRandom, seedFromString } from '../train';

/** Views made with other settings, or by another backbone, are stale: the key says which made them. */
export function viewsKey(backboneId: string, settings: AugmentSettings): string {
  // Listed field by field: equal settings must give equal keys whatever order an object was built in.
  const { views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror, backgrounds, framing } = settings;
  return [backboneId, views, maxZoom, maxRotationDeg, brightness, contrast, colorShift, mirror, backgrounds, framing].join('|');
}

/**
 * Finds the hand in a stored hand crop or a view drawn from it (a tracker's `detectImage`), with the
 * given still-search tries or, without them, the whole search; null when none is found.
 */
export type FindHand = (image: AnyCanvas | ImageBitmap, tries?: readonly StillTry[]) => Hand | null;

/**
 * The tries a framed view is searched with: the plain image and the margins that find hands cut by
 * an edge. A view whose hand they miss keeps the sample's own landmarks rather than paying for the
 * whole search (a second per view where nothing is found).
 */
const VIEW_SEARCH = MARGIN_SEARCH;

/**
 * Embeds `settings.views` augmented views of one sample's stored crop. With `findHand` (hand crops),
 * `backgroundViews(settings)` of them first move the hand, cut out along its landmark outline, in
 * front of a generated background, where it stays at the same place in the crop, except in the first
 * `framedViews(settings)` of them, which cut it by an edge of the crop or show it far away
 * (`planFraming`). A framed view's hand is searched for again, and when found its landmark features
 * are the view's own (`AugmentedViews.landmarks`): MediaPipe places a cut or blurred hand's landmarks
 * differently, and live the head gets those. A crop in which no hand is found again gets ordinary
 * views only. The augmentation is seeded by the sample id, so the
 * same sample always gets the same views. Frees every tensor it makes.
 */
export async function embedAugmentedViews(backbone: Backbone, sampleId: string, image: Blob, settings: AugmentSettings, findHand?: FindHand): Promise<AugmentedViews> {
  const key = viewsKey(backbone.id, settings);
  if (settings.views === 0) return { key, embeddings: [] };
  const bitmap = await decodeImage(image, 'A stored sample');
  const canvas = createCropCanvas(backbone.inputSize);
  const seed = seedFromString(sampleId);
  const backdrops: tf.Tensor3D[] = [];
  const viewLandmarks: (Float32Array | null)[] = [];
  try {
    drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
    const hand = findHand && backgroundViews(settings) > 0 ? findHand(bitmap) : null;
    if (hand) {
      const ctx = readableContext(canvas);
      const random = createRandom(seed);
      const side = canvas.width;
      const box = boundsOf(hand.landmarks.map(({ x, y }) => ({ x: x * side, y: y * side })));
      for (let i = 0; i < backgroundViews(settings); i += 1) {
        drawBackground(ctx, GENERATED_BACKGROUNDS[Math.floor(random() * GENERATED_BACKGROUNDS.length)], random);
        const framing = i < framedViews(settings) ? planFraming(box, side, random) : null;
        ctx.save();
        if (framing?.kind === 'cut') ctx.translate(framing.dx, framing.dy);
        drawHandCutout(ctx, bitmap, hand);
        ctx.restore();
        if (framing?.kind === 'far') redrawAtResolution(ctx, framing.side);
        const found = framing && findHand ? findHand(canvas, VIEW_SEARCH) : null;
        viewLandmarks.push(found ? landmarkFeatures(found, LANDMARK_OPTIONS) : null);
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
    const embeddings = await embedBatch(backbone, views);
    return viewLandmarks.some((l) => l !== null) ? { key, embeddings, landmarks: viewLandmarks } : { key, embeddings };
  } finally {
    views.dispose();
  }
}

/** Scales the canvas down to `side` pixels and back up, as a crop of a hand that few camera pixels covered. */
function redrawAtResolution(ctx: AnyContext2D, side: number): void {
  const { width, height } = ctx.canvas;
  const small = createCanvas(side, side);
  const smallCtx = readableContext(small);
  smallCtx.imageSmoothingQuality = 'high'; // averages, as a camera's pixel does the light falling on it
  smallCtx.drawImage(ctx.canvas, 0, 0, side, side);
  ctx.save();
  ctx.imageSmoothingQuality = 'low'; // as drawCrop scales a live crop up
  ctx.drawImage(small, 0, 0, width, height);
  ctx.restore();
}
