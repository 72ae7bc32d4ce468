import { LANDMARK_FEATURE_SIZE } from '../hand';
import { LOG_SIZE, MOTION_ROW_SIZE, PRESENT, WRIST_X, WRIST_Y, type MotionClip } from './clip';

/**
 * What the temporal network sees of each frame:
 * - `path`: the wrist's path and the palm's size, relative to the window (4 values);
 * - `path-and-pose`: those plus the hand's landmark features (87 more), so a motion made with a fist
 *   and one made with an open hand can be told apart, at 20× the first layer's cost.
 */
export type MotionInput = 'path' | 'path-and-pose';

export const MOTION_INPUTS: readonly MotionInput[] = ['path', 'path-and-pose'];

const PATH_VALUES = 4;

export function motionInputSize(input: MotionInput): number {
  return input === 'path' ? PATH_VALUES : LANDMARK_FEATURE_SIZE + PATH_VALUES;
}

/*
 * A swipe across half the frame spans ±0.25 frame heights, scaled near ±1 where freshly initialised
 * layers respond to it. A push changes the log palm size by about 0.7, but the tracker's palm size
 * wobbles by up to 0.3 while a hand moves fast (a quick circle looked like a push): taken as it is
 * rather than doubled (as before stop 26, `LEGACY_SIZE_SCALE`), offline replays of bench:motion-videos
 * recognised about 6 points more of its test motions.
 */
export const PATH_SCALE = 4;
export const SIZE_SCALE = 1;
export const LEGACY_SIZE_SCALE = 2;

/**
 * `windowFrames` rows of `clip` with the clip starting `offset` rows into the window: rows before
 * the clip hold its first frame and rows after it its last (a hand that waits before and after the
 * motion, as it does live), and a clip longer than the window is cut (a negative offset drops its
 * start). Returns [windowFrames × MOTION_ROW_SIZE]. Throws for an empty clip.
 */
export function fitToWindow(clip: MotionClip, windowFrames: number, offset: number): Float32Array {
  if (clip.frames === 0) throw new RangeError('An empty clip has no frames to fit in a window.');
  const out = new Float32Array(windowFrames * MOTION_ROW_SIZE);
  for (let i = 0; i < windowFrames; i += 1) {
    const source = Math.min(clip.frames - 1, Math.max(0, i - offset));
    out.set(clip.rows.subarray(source * MOTION_ROW_SIZE, (source + 1) * MOTION_ROW_SIZE), i * MOTION_ROW_SIZE);
  }
  return out;
}

/** The offset that centres a clip in the window (for measuring, where no shift is drawn). */
export function centredOffset(frames: number, windowFrames: number): number {
  return Math.floor((windowFrames - frames) / 2);
}

/**
 * The network's input for one window of motion rows ([frames × MOTION_ROW_SIZE], oldest first):
 * [frames × motionInputSize(input)]. Only the hand's latest stay in view counts: rows before it (no
 * hand, or the hand before it left) hold its first row and rows after it its last, as a recorded
 * clip is placed in its window — so a hand that comes back somewhere else, or leaves, looks still
 * rather than like a jump. The wrist's place and the log palm size are taken relative to their mean
 * over the window, so where in the frame a motion happens and how far the hand is from the camera do
 * not matter, only how it moves. A window with no hand gives zeros. The pose features, when wanted,
 * come first as in the row.
 */
export function windowInput(rows: Float32Array, input: MotionInput, sizeScale: number): Float32Array {
  const frames = rows.length / MOTION_ROW_SIZE;
  if (!Number.isInteger(frames)) throw new RangeError(`A window holds whole rows of ${MOTION_ROW_SIZE} values; ${rows.length} is not.`);
  const size = motionInputSize(input);
  const out = new Float32Array(frames * size);
  const stay = latestStay(rows, frames);
  if (!stay) return out;
  const source = (i: number) => Math.min(stay.last, Math.max(stay.first, i)) * MOTION_ROW_SIZE;
  let meanX = 0;
  let meanY = 0;
  let meanSize = 0;
  for (let i = 0; i < frames; i += 1) {
    const at = source(i);
    meanX += rows[at + WRIST_X] / frames;
    meanY += rows[at + WRIST_Y] / frames;
    meanSize += rows[at + LOG_SIZE] / frames;
  }
  const pose = input === 'path-and-pose' ? LANDMARK_FEATURE_SIZE : 0;
  for (let i = 0; i < frames; i += 1) {
    const at = source(i);
    const to = i * size;
    if (pose > 0) out.set(rows.subarray(at, at + pose), to);
    out[to + pose] = (rows[at + WRIST_X] - meanX) * PATH_SCALE;
    out[to + pose + 1] = (rows[at + WRIST_Y] - meanY) * PATH_SCALE;
    out[to + pose + 2] = (rows[at + LOG_SIZE] - meanSize) * sizeScale;
    out[to + pose + 3] = 1;
  }
  return out;
}

/** The first and last rows of the hand's latest unbroken run of rows with a hand, or null when no row has one. */
function latestStay(rows: Float32Array, frames: number): { first: number; last: number } | null {
  const present = (i: number) => rows[i * MOTION_ROW_SIZE + PRESENT] > 0;
  let last = frames - 1;
  while (last >= 0 && !present(last)) last -= 1;
  if (last < 0) return null;
  let first = last;
  while (first > 0 && present(first - 1)) first -= 1;
  return { first, last };
}
