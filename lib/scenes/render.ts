import { canvasToJpeg, createCanvas, readableContext, type AnyContext2D } from '../image';
import { groupByClassFolder, inClassFolder } from '../dataset';
import type { Hand } from '../hand';
import { createRandom } from '../train';
import { drawBackground } from './backgrounds';
import { boundsOf, handOutline, type Point } from './outline';
import { planScene, SCENE_HEIGHT, SCENE_WIDTH, type SceneCondition, type ScenePlan } from './plan';

type Drawable = CanvasImageSource & { readonly width: number; readonly height: number };

/**
 * Draws one scene: the background, then the photo's hand (cut out along `handOutline`) sized, placed
 * and turned as `plan` says, then the plan's light over everything. `hand` is the hand found in
 * `photo`, in its 0..1 coordinates.
 */
export function renderScene(ctx: AnyContext2D, photo: Drawable, hand: Hand, plan: ScenePlan, random: () => number, scenery?: Drawable): void {
  drawBackground(ctx, plan.background, random, scenery);
  const box = boundsOf(hand.landmarks.map(({ x, y }) => ({ x: x * photo.width, y: y * photo.height })));
  const scale = plan.handSize / Math.max(box.width, box.height, 1);
  const outline = handOutline(hand.landmarks, photo.width, photo.height);
  ctx.save();
  ctx.translate(plan.centre.x, plan.centre.y);
  ctx.rotate((plan.angleDeg * Math.PI) / 180);
  ctx.scale(scale, scale);
  ctx.translate(-(box.x + box.width / 2), -(box.y + box.height / 2));
  clipAndDraw(ctx, photo, outline);
  ctx.restore();
  if (plan.gain !== 1 || plan.tint.some((t) => t !== 1)) relight(ctx, plan.gain, plan.tint);
}

/**
 * Draws `photo` scaled to fill the canvas, but only inside its hand's outline: the hand stays where it
 * was and whatever is already on the canvas shows around it (a new background for a stored hand crop).
 */
export function drawHandCutout(ctx: AnyContext2D, photo: Drawable, hand: Hand): void {
  ctx.save();
  ctx.scale(ctx.canvas.width / photo.width, ctx.canvas.height / photo.height);
  clipAndDraw(ctx, photo, handOutline(hand.landmarks, photo.width, photo.height));
  ctx.restore();
}

/** Draws `photo` at the current transform, clipped to `outline` (in the photo's pixels). */
function clipAndDraw(ctx: AnyContext2D, photo: Drawable, outline: readonly Point[]): void {
  ctx.beginPath();
  outline.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.closePath();
  ctx.clip();
  ctx.drawImage(photo, 0, 0);
}

function relight(ctx: AnyContext2D, gain: number, tint: readonly [number, number, number]): void {
  const image = ctx.getImageData(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c += 1) data[i + c] = Math.min(255, data[i + c] * gain * tint[c]); // the clamped array rounds
  }
  ctx.putImageData(image, 0, 0);
}

/** A scene made from one photo, kept as a file in its class folder (`scenes/<class>/…`), so folder tools read it like a picked folder. */
export interface SceneFile {
  readonly file: File;
  readonly condition: SceneCondition;
  readonly source: File;
}

export interface SceneSet {
  readonly scenes: SceneFile[];
  /** Photos in which `locate` found no hand: with no outline to cut out, they make no scenes. */
  readonly unlocated: File[];
  /** Stopped by `signal` before every photo was used; the scenes made by then are kept. */
  readonly cancelled: boolean;
}

export interface SceneSetOptions {
  /** Called after each photo with the photos used so far and their number. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked before each photo. */
  readonly signal?: AbortSignal;
}

/**
 * Moves the hand of every photo into one scene per condition (320x240 JPEGs, ~15 kB each). `locate`
 * finds the hand in a photo (a tracker's `detectImage`). Seeded: the same files, conditions and seed
 * give the same scenes; another photo of the set lends its scenery to the 'scenery' condition.
 */
export async function makeSceneSet(
  files: readonly File[],
  locate: (image: ImageBitmap) => Hand | null,
  conditions: readonly SceneCondition[],
  seed: number,
  { onProgress, signal }: SceneSetOptions = {},
): Promise<SceneSet> {
  const random = createRandom(seed);
  // An OffscreenCanvas in the ML engine's worker, which has no document.
  const canvas = createCanvas(SCENE_WIDTH, SCENE_HEIGHT);
  const ctx = readableContext(canvas);
  const classOf = new Map([...groupByClassFolder(files).groups].flatMap(([name, list]) => list.map((f) => [f, name] as const)));
  const scenes: SceneFile[] = [];
  const unlocated: File[] = [];
  for (const [i, source] of files.entries()) {
    if (signal?.aborted) return { scenes, unlocated, cancelled: true };
    const photo = await createImageBitmap(source);
    const scenery = await createImageBitmap(files[(i + 1 + Math.floor(random() * (files.length - 1))) % files.length]);
    try {
      const hand = locate(photo);
      if (!hand) {
        unlocated.push(source);
        continue;
      }
      for (const condition of conditions) {
        renderScene(ctx, photo, hand, planScene(condition, random), random, scenery);
        const blob = await canvasToJpeg(canvas, 0.92);
        const name = `${condition}-${source.name.replace(/\.\w+$/, '')}.jpg`;
        const file = inClassFolder(new File([blob], name, { type: 'image/jpeg' }), 'scenes', classOf.get(source) ?? 'unknown');
        scenes.push({ file, condition, source });
      }
    } finally {
      photo.close();
      scenery.close();
      onProgress?.(i + 1, files.length);
    }
  }
  return { scenes, unlocated, cancelled: false };
}
