import type { CropBox } from '../image';
import { handBox } from './crop-box';
import { landmarkFeatures, type LandmarkFeatureOptions } from './landmark-features';
import type { Hand, Landmark } from './landmarks';

/**
 * Tilt is kept in the features: for many gestures (pointing left vs right, thumb up vs down) it is
 * the gesture. Live frames, uploads and imports all use these, so their features agree.
 */
export const LANDMARK_OPTIONS: LandmarkFeatureOptions = { rotation: false };

/** What the hand modes take from one detected hand: the square to crop (in image pixels) and the landmark features. */
export interface HandFocus {
  readonly box: CropBox;
  readonly landmarks: Float32Array;
}

/** A still image's hand focus (unsmoothed: there is no previous frame), for uploads, imports and evaluation. */
export function handFocus(hand: Hand, width: number, height: number): HandFocus {
  return { box: handBox(hand.landmarks, width, height), landmarks: landmarkFeatures(hand, LANDMARK_OPTIONS, width / height) };
}

/** Locates the hand in still images with `detect` (a tracker's `detectImage`): null when there is none. */
export function stillImageLocator(detect: (image: ImageBitmap) => Hand | null): (image: ImageBitmap) => HandFocus | null {
  return (image) => {
    const hand = detect(image);
    return hand ? handFocus(hand, image.width, image.height) : null;
  };
}

/**
 * Margin added around a still image before looking for the hand, as a share of its longer side. In
 * photos the hand often fills the frame and is cut by its edges, where MediaPipe's palm detector
 * misses it: on the sign-digit photos it found 221 of 250 hands as they are, 245 with this margin.
 */
export const STILL_IMAGE_MARGIN = 0.5;

/** The margin, in pixels, that `STILL_IMAGE_MARGIN` adds on every side of a width x height image. */
export function stillImageMargin(width: number, height: number): number {
  return Math.round(Math.max(width, height) * STILL_IMAGE_MARGIN);
}

/**
 * Landmarks found in the image padded by `margin` pixels on every side, mapped back to the image's
 * own 0..1 coordinates. z is on the scale of x (MediaPipe's convention), so it scales with the width.
 */
export function unpadLandmarks(landmarks: readonly Landmark[], margin: number, width: number, height: number): Landmark[] {
  const paddedWidth = width + 2 * margin;
  const paddedHeight = height + 2 * margin;
  return landmarks.map(({ x, y, z }) => ({ x: (x * paddedWidth - margin) / width, y: (y * paddedHeight - margin) / height, z: (z * paddedWidth) / width }));
}
