import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../train';
import { resolveAugmentSettings, type AugmentSettings } from './settings';

/** One view's random choices, drawn in JS so the tensor code needs no random ops. */
interface ViewDraw {
  /** Normalised crop box [y1, x1, y2, x2] for cropAndResize. */
  readonly box: [number, number, number, number];
  readonly radians: number;
  readonly flip: boolean;
  /** Factors near 1: 1 + uniform[-strength, strength]. */
  readonly brightness: number;
  readonly contrast: number;
  readonly shift: [number, number, number];
}

/** Uniform in [-max, max] from u in [0, 1). */
const symmetric = (u: number, max: number) => (2 * u - 1) * max;

/**
 * Every view draws the same ten numbers in the same order whatever is enabled, so turning one
 * transform on or off leaves the others' random choices (and a saved seed's meaning) unchanged.
 */
function drawViews(settings: AugmentSettings, seed: number): ViewDraw[] {
  const random = createRandom(seed);
  return Array.from({ length: settings.views }, () => {
    const side = 1 - random() * settings.maxZoom; // fraction of each side the crop keeps
    const top = random() * (1 - side);
    const left = random() * (1 - side);
    return {
      box: [top, left, top + side, left + side],
      radians: (symmetric(random(), settings.maxRotationDeg) * Math.PI) / 180,
      flip: random() < 0.5 && settings.mirror,
      brightness: 1 + symmetric(random(), settings.brightness),
      contrast: 1 + symmetric(random(), settings.contrast),
      shift: [symmetric(random(), settings.colorShift), symmetric(random(), settings.colorShift), symmetric(random(), settings.colorShift)],
    };
  });
}

/**
 * Turns one image into `settings.views` augmented copies: rotation about the centre, optional
 * mirroring, contrast, brightness and a per-channel colour shift, then a random zoom (a crop resized
 * back to full size).
 *
 * `image`: [h, w, 3] float32 or int32 in 0..255; it stays the caller's and is not disposed.
 * Returns [views, h, w, 3] float32 clipped to 0..255; the caller disposes it.
 * The same seed gives the same views. Throws a RangeError when `settings.views` is 0 (augmentation off).
 */
export function augmentImage(image: tf.Tensor3D, settings: AugmentSettings, seed: number): tf.Tensor4D {
  const s = resolveAugmentSettings(settings);
  if (s.views < 1) throw new RangeError('augmentImage needs at least 1 view; with 0 views augmentation is off.');
  if (image.rank !== 3 || image.shape[2] !== 3) throw new RangeError(`augmentImage needs an [h, w, 3] image; got [${image.shape.join(', ')}].`);
  if (!Number.isFinite(seed)) throw new RangeError(`The augmentation seed must be a finite number; got ${seed}.`);
  const [h, w] = image.shape;
  const draws = drawViews(s, seed);

  return tf.tidy(() => {
    // float32: WASM's rotate reads only float32, and the arithmetic must not round to integers.
    const original = tf.expandDims<tf.Tensor4D>(tf.cast(image, 'float32'), 0); // [1, h, w, 3]
    // Work on the zero-mean image: rotating with fill 0 then fills the uncovered corners with the
    // image's mean grey, not black (black corners would be a cue the head could learn; backends take
    // only a constant fill, and WASM truncates it to an integer), and contrast becomes a plain scale.
    const grey = tf.mean(original); // scalar
    const centred = tf.sub<tf.Tensor4D>(original, grey);

    // Each view is built from the single image and the views are stacked once at the end. Slicing a
    // batch instead would copy the whole batch per slice on WASM (cost growing with views squared),
    // and per-view scalars keep the CPU backend on its fast path (no [views, 1, 1, 1] broadcasting).
    const views = draws.map((d) => {
      const turned = d.radians !== 0 ? tf.image.rotateWithOffset(centred, d.radians, 0) : centred; // [1, h, w, 3]
      const mirrored = d.flip ? tf.image.flipLeftRight(turned) : turned;
      // ((x - grey) * contrast + grey) * brightness + shift, as one multiply and one add.
      const offset = tf.add(tf.mul(grey, d.brightness), tf.tensor1d(d.shift)); // [3]
      return tf.add<tf.Tensor4D>(tf.mul(mirrored, d.contrast * d.brightness), offset);
    });

    // Zoom: one call, view i's box cut from view i. A full box [0, 0, 1, 1] reproduces its image
    // exactly, so zoom 0 changes nothing. Zooming last commutes with the colour changes (bilinear
    // weights sum to 1) and crops away some of the corners a rotation filled.
    const boxes = tf.tensor2d(draws.map((d) => d.box)); // [views, 4]
    const zoomed = tf.image.cropAndResize(tf.concat(views), boxes, tf.range(0, s.views, 1, 'int32'), [h, w]); // [views, h, w, 3]
    return tf.clipByValue(zoomed, 0, 255);
  });
}
