import { FINGER_NAMES, FINGERS, HAND_LANDMARK_COUNT, WRIST, type Hand } from './landmarks';

export interface LandmarkFeatureOptions {
  /**
   * Turn the hand in the image plane so the wrist→middle-knuckle line points straight up, making the
   * features blind to tilt. Leave it off when tilt is part of a gesture (pointing left vs. right).
   */
  readonly rotation: boolean;
}

/**
 * Where each part of the feature vector starts and how long it is:
 * - `coordinates`: the 21 landmarks as x, y, z triples in MediaPipe order, wrist at the origin, in palm
 *   units, y down (so the wrist→middle-knuckle line points to −y when `rotation` is on);
 * - `jointAngles`: the bend at each finger joint in radians / π, 0 straight to 1 folded back, thumb
 *   CMC, MCP, IP, then MCP, PIP, DIP for index, middle, ring and pinky;
 * - `tipToWrist`: each fingertip's distance from the wrist in palm units, thumb to pinky;
 * - `thumbToTips`: the thumb tip's distance to the index, middle, ring and pinky tips in palm units.
 */
export const LANDMARK_FEATURE_LAYOUT = {
  coordinates: { offset: 0, length: 63 },
  jointAngles: { offset: 63, length: 15 },
  tipToWrist: { offset: 78, length: 5 },
  thumbToTips: { offset: 83, length: 4 },
} as const;

export const LANDMARK_FEATURE_SIZE = 87;

/** The knuckles whose mean distance from the wrist is the palm size: index, middle and pinky MCP. */
const PALM_KNUCKLES = [5, 9, 17] as const;
const MIDDLE_KNUCKLE = 9;

/**
 * A fixed-length description of a hand's pose (`LANDMARK_FEATURE_SIZE` values, laid out as in
 * `LANDMARK_FEATURE_LAYOUT`) that does not change when the hand moves across the frame, nears or
 * leaves the camera, or is the other hand. `imageAspect` is the frame's width / height.
 *
 * 1. Normalised x is a fraction of the width and y of the height, so x is multiplied by the aspect
 *    ratio to give both the same unit (a 4:3 frame would otherwise squash angles); z is on x's scale
 *    and gets the same factor.
 * 2. The wrist is moved to the origin, so position in the frame does not matter.
 * 3. Mirrored: a 'Left' hand has x flipped, so a gesture made with the left hand gives the same
 *    features as the same gesture made with the right (a hand labelled 'Left' gives exactly the
 *    features of its mirror image labelled 'Right'). Which hand made a gesture is therefore not a
 *    feature. MediaPipe's labels assume a selfie view, but only their consistency matters here.
 * 4. With `rotation`, the hand is turned in the image plane so the wrist→middle-knuckle line points
 *    up (−y).
 * 5. Everything, z included, is divided by the palm size (the mean image-plane distance from the
 *    wrist to the index, middle and pinky knuckles), so distance from the camera does not matter.
 *    The palm is used because, unlike the fingers, it keeps its size whatever the gesture; z is left
 *    out of its measure because MediaPipe's depth is the noisiest coordinate.
 *
 * The angles and distances are computed in 3-D from those coordinates; angles change with none of the
 * steps above, so they stay comparable with and without `rotation`.
 *
 * Throws a RangeError for a hand without exactly 21 landmarks, a coordinate or aspect ratio that is
 * not a finite number, or a palm of zero size.
 */
export function landmarkFeatures(hand: Hand, options: LandmarkFeatureOptions, imageAspect = 1): Float32Array {
  const { landmarks } = hand;
  if (landmarks.length !== HAND_LANDMARK_COUNT) {
    throw new RangeError(`A hand has ${HAND_LANDMARK_COUNT} landmarks, not ${landmarks.length}.`);
  }
  if (!(imageAspect > 0 && Number.isFinite(imageAspect))) {
    throw new RangeError(`The image aspect ratio must be a positive number, not ${imageAspect}.`);
  }

  const flip = hand.handedness === 'Left' ? -1 : 1;
  const wrist = landmarks[WRIST];
  const points = new Float64Array(HAND_LANDMARK_COUNT * 3); // [21 landmarks × (x, y, z)]
  for (let i = 0; i < HAND_LANDMARK_COUNT; i += 1) {
    const p = landmarks[i];
    points[3 * i] = flip * (p.x - wrist.x) * imageAspect;
    points[3 * i + 1] = p.y - wrist.y;
    points[3 * i + 2] = (p.z - wrist.z) * imageAspect;
  }
  if (!points.every(Number.isFinite)) throw new RangeError('A hand landmark coordinate is not a finite number.');

  let palm = 0;
  for (const k of PALM_KNUCKLES) palm += Math.hypot(points[3 * k], points[3 * k + 1]) / PALM_KNUCKLES.length;
  if (!(palm > 0)) throw new RangeError('The hand has no palm size: its wrist and knuckles coincide.');

  // The rotation that takes the unit wrist→middle-knuckle vector (ux, uy) to (0, −1) has
  // cos = −uy and sin = −ux. If that knuckle sits on the wrist there is no direction to align.
  let cos = 1;
  let sin = 0;
  const up = Math.hypot(points[3 * MIDDLE_KNUCKLE], points[3 * MIDDLE_KNUCKLE + 1]);
  if (options.rotation && up > 0) {
    cos = -points[3 * MIDDLE_KNUCKLE + 1] / up;
    sin = -points[3 * MIDDLE_KNUCKLE] / up;
  }
  for (let i = 0; i < HAND_LANDMARK_COUNT; i += 1) {
    const x = points[3 * i];
    const y = points[3 * i + 1];
    points[3 * i] = (x * cos - y * sin) / palm;
    points[3 * i + 1] = (x * sin + y * cos) / palm;
    points[3 * i + 2] /= palm;
  }

  const out = new Float32Array(LANDMARK_FEATURE_SIZE);
  out.set(points, LANDMARK_FEATURE_LAYOUT.coordinates.offset);
  let at: number = LANDMARK_FEATURE_LAYOUT.jointAngles.offset;
  for (const name of FINGER_NAMES) {
    const chain = [WRIST, ...FINGERS[name]];
    for (let j = 1; j <= 3; j += 1) out[at++] = bend(points, chain[j - 1], chain[j], chain[j + 1]) / Math.PI;
  }
  at = LANDMARK_FEATURE_LAYOUT.tipToWrist.offset;
  for (const name of FINGER_NAMES) out[at++] = distance(points, FINGERS[name][3], WRIST);
  at = LANDMARK_FEATURE_LAYOUT.thumbToTips.offset;
  for (const name of FINGER_NAMES.slice(1)) out[at++] = distance(points, FINGERS.thumb[3], FINGERS[name][3]);
  return out;
}

/** The angle (0..π) between bone a→b and bone b→c: 0 when they continue in a straight line. */
function bend(points: Float64Array, a: number, b: number, c: number): number {
  const ux = points[3 * b] - points[3 * a];
  const uy = points[3 * b + 1] - points[3 * a + 1];
  const uz = points[3 * b + 2] - points[3 * a + 2];
  const vx = points[3 * c] - points[3 * b];
  const vy = points[3 * c + 1] - points[3 * b + 1];
  const vz = points[3 * c + 2] - points[3 * b + 2];
  // atan2(|u × v|, u · v) stays accurate near 0 and π, where acos of the cosine does not;
  // a zero-length bone gives atan2(0, 0) = 0, i.e. "straight", rather than NaN.
  const cross = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  return Math.atan2(cross, ux * vx + uy * vy + uz * vz);
}

function distance(points: Float64Array, a: number, b: number): number {
  return Math.hypot(points[3 * a] - points[3 * b], points[3 * a + 1] - points[3 * b + 1], points[3 * a + 2] - points[3 * b + 2]);
}
