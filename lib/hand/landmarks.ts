/**
 * One MediaPipe `NormalizedLandmark`: x (right) and y (down) as fractions of the image's width and
 * height, z the depth relative to the wrist (smaller is nearer the camera) on roughly the scale of x.
 * MediaPipe's own landmark objects (which also carry `visibility`) fit this type as they are.
 */
export interface Landmark {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/**
 * The label MediaPipe tasks-vision gives a hand. It assumes the image is mirrored (a selfie view), so
 * on an unmirrored webcam frame the labels are swapped; nothing here depends on which is which, only
 * on the label being consistent, so it is taken as given.
 */
export type Handedness = 'Left' | 'Right';

export interface Hand {
  /** `HAND_LANDMARK_COUNT` landmarks in MediaPipe order: wrist, then each finger base to tip (see `FINGERS`). */
  readonly landmarks: readonly Landmark[];
  readonly handedness: Handedness;
}

export const HAND_LANDMARK_COUNT = 21;

export const WRIST = 0;

export type FingerName = 'thumb' | 'index' | 'middle' | 'ring' | 'pinky';

/**
 * Each finger's landmark indices from its base joint to its tip: CMC, MCP, IP, tip for the thumb;
 * MCP, PIP, DIP, tip for the others. The wrist is the joint before each chain.
 */
export const FINGERS: Readonly<Record<FingerName, readonly [number, number, number, number]>> = {
  thumb: [1, 2, 3, 4],
  index: [5, 6, 7, 8],
  middle: [9, 10, 11, 12],
  ring: [13, 14, 15, 16],
  pinky: [17, 18, 19, 20],
};

export const FINGER_NAMES: readonly FingerName[] = ['thumb', 'index', 'middle', 'ring', 'pinky'];

/** The hand's skeleton as landmark index pairs: each finger from the wrist to its tip, and the knuckles across the palm. */
export const HAND_CONNECTIONS: readonly (readonly [number, number])[] = [
  ...FINGER_NAMES.flatMap((name) => {
    const [a, b, c, d] = FINGERS[name];
    return [[WRIST, a], [a, b], [b, c], [c, d]] as const;
  }),
  [5, 9],
  [9, 13],
  [13, 17],
];
