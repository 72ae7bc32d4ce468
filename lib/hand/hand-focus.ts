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
 * Margins tried around a still image, in order, until a hand is found (as shares of its longer side).
 * In photos the hand often fills the frame and is cut by its edges, where MediaPipe's palm detector
 * misses it; a margin shows it whole. But a margin also shrinks a hand that is already small in a
 * wide scene, so the image is tried as it is first. On 280 sign-digit photos: 251 hands found as
 * they are, 275 with a 0.5 margin, 280 trying 0, 0.5 and 0.15 in turn.
 */
export const STILL_IMAGE_MARGINS: readonly number[] = [0, 0.5, 0.15];

/** The margin in pixels on every side of a width x height image, for a share of its longer side. */
export function stillImageMargin(width: number, height: number, share: number): number {
  return Math.round(Math.max(width, height) * share);
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
