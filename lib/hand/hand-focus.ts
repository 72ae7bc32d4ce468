import type { CropBox } from '../image';
import { handBox } from './crop-box';
import { landmarkFeatures, type LandmarkFeatureOptions } from './landmark-features';
import type { Hand } from './landmarks';

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
