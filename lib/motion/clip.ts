import { LANDMARK_FEATURE_SIZE, LANDMARK_OPTIONS, landmarkFeatures, WRIST, type Hand } from '../hand';

/**
 * One frame of a motion, as a row of `MOTION_ROW_SIZE` values:
 * - `pose`: the hand's landmark features (lib/hand `landmarkFeatures` with the live `LANDMARK_OPTIONS`),
 *   blind to where the hand is and how big it looks;
 * - `wrist`: the wrist's place in the frame, x right and y down, in frame heights from the frame's
 *   centre (x is scaled by the aspect ratio so both axes share a unit and a turn of the path is a
 *   rotation);
 * - `logSize`: the natural log of the palm's apparent size in frame heights (a push towards the camera
 *   makes it grow; a log, so growing by half is the same step near or far);
 * - `present`: 1 when a hand was found (or interpolated across a short gap), 0 when not; every other
 *   value of an absent frame is 0.
 */
export const MOTION_ROW_LAYOUT = {
  pose: { offset: 0, length: LANDMARK_FEATURE_SIZE },
  wrist: { offset: LANDMARK_FEATURE_SIZE, length: 2 },
  logSize: { offset: LANDMARK_FEATURE_SIZE + 2, length: 1 },
  present: { offset: LANDMARK_FEATURE_SIZE + 3, length: 1 },
} as const;

export const MOTION_ROW_SIZE = LANDMARK_FEATURE_SIZE + 4;

export const WRIST_X = MOTION_ROW_LAYOUT.wrist.offset;
export const WRIST_Y = WRIST_X + 1;
export const LOG_SIZE = MOTION_ROW_LAYOUT.logSize.offset;
export const PRESENT = MOTION_ROW_LAYOUT.present.offset;

/**
 * 15 frames a second: the live loop keeps up with it on a slow machine (it runs the hand tracker and
 * backbone per frame), and a swipe of a third of a second still spans five frames.
 */
export const MOTION_FRAME_RATE = 15;

/**
 * A recorded motion: `frames` rows of `MOTION_ROW_SIZE` values (`MOTION_ROW_LAYOUT`), one every
 * 1/`rate` s, oldest first. Plain data (structured-cloneable, storable as it is).
 */
export interface MotionClip {
  readonly rate: number;
  readonly frames: number;
  /** [frames × MOTION_ROW_SIZE] */
  readonly rows: Float32Array;
}

/** The knuckles whose mean distance from the wrist is the palm size, as in `landmarkFeatures`. */
const PALM_KNUCKLES = [5, 9, 17] as const;

/**
 * The motion row of one frame in which `hand` was found; `width` and `height` are the frame's size in
 * pixels (the hand's landmarks are fractions of them). Throws a RangeError as `landmarkFeatures` does
 * for a malformed hand or size.
 */
export function motionRow(hand: Hand, width: number, height: number): Float32Array {
  const aspect = width / height;
  const row = new Float32Array(MOTION_ROW_SIZE);
  row.set(landmarkFeatures(hand, LANDMARK_OPTIONS, aspect), MOTION_ROW_LAYOUT.pose.offset);
  const wrist = hand.landmarks[WRIST];
  row[WRIST_X] = (wrist.x - 0.5) * aspect;
  row[WRIST_Y] = wrist.y - 0.5;
  let palm = 0;
  for (const k of PALM_KNUCKLES) {
    const p = hand.landmarks[k];
    palm += Math.hypot((p.x - wrist.x) * aspect, p.y - wrist.y) / PALM_KNUCKLES.length;
  }
  row[LOG_SIZE] = Math.log(palm);
  row[PRESENT] = 1;
  return row;
}

/** Row `frame` of `clip` (a view, not a copy). */
export function clipRow(clip: MotionClip, frame: number): Float32Array {
  return clip.rows.subarray(frame * MOTION_ROW_SIZE, (frame + 1) * MOTION_ROW_SIZE);
}

/** Builds a clip from rows of `MOTION_ROW_SIZE` values; throws a RangeError for a row of another size or a rate that is not positive. */
export function clipFromRows(rows: readonly Float32Array[], rate: number): MotionClip {
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`A clip's frame rate must be a positive number, not ${rate}.`);
  const flat = new Float32Array(rows.length * MOTION_ROW_SIZE);
  rows.forEach((row, i) => {
    if (row.length !== MOTION_ROW_SIZE) throw new RangeError(`A motion row has ${MOTION_ROW_SIZE} values, not ${row.length}.`);
    flat.set(row, i * MOTION_ROW_SIZE);
  });
  return { rate, frames: rows.length, rows: flat };
}

/** Seconds the clip spans, from its first frame to one period after its last. */
export function clipDuration(clip: MotionClip): number {
  return clip.frames / clip.rate;
}

/**
 * The wrist's path for a drawing of the clip (a card's trajectory): one point per frame in frame
 * heights from the centre, or null where no hand was found.
 */
export function wristPath(clip: MotionClip): ({ x: number; y: number } | null)[] {
  return Array.from({ length: clip.frames }, (_, i) => {
    const row = clipRow(clip, i);
    return row[PRESENT] > 0 ? { x: row[WRIST_X], y: row[WRIST_Y] } : null;
  });
}

/**
 * The `frames`-long stretch of `clip` in which the wrist travels furthest (the whole clip when it is
 * not longer): a video holds one motion, and a person rarely trims the stillness around it.
 */
export function busiestStretch(clip: MotionClip, frames: number): MotionClip {
  if (clip.frames <= frames) return clip;
  // step[i]: how far the wrist moved from frame i - 1 to frame i (0 where either has no hand).
  const step = new Float64Array(clip.frames);
  for (let i = 1; i < clip.frames; i += 1) {
    const a = clipRow(clip, i - 1);
    const b = clipRow(clip, i);
    if (a[PRESENT] > 0 && b[PRESENT] > 0) step[i] = Math.hypot(b[WRIST_X] - a[WRIST_X], b[WRIST_Y] - a[WRIST_Y]);
  }
  let travel = 0;
  for (let i = 1; i < frames; i += 1) travel += step[i];
  let best = 0;
  let bestTravel = travel;
  for (let start = 1; start + frames <= clip.frames; start += 1) {
    travel += step[start + frames - 1] - step[start];
    if (travel > bestTravel + 1e-9) {
      best = start;
      bestTravel = travel;
    }
  }
  return { rate: clip.rate, frames, rows: clip.rows.slice(best * MOTION_ROW_SIZE, (best + frames) * MOTION_ROW_SIZE) };
}
