import { STILL_SEARCH, type StillModel, type StillTry } from './still-search';
import { zoomView } from './still-views';

/** While the live track is lost, at most one try of the cycle per this many milliseconds. */
export const RECOVERY_INTERVAL_MS = 200;

/** How long after the hand was last seen the window around that place is searched on every frame. */
export const FOLLOW_MS = 1000;

/** The follow window's share of each side: half, so the palm detector sees the hand at twice its size. */
const FOLLOW_SHARE = 0.5;

/**
 * The landmarker of the follow window: the lite one. Its palm detector finds hands the full one
 * misses on a background like their skin, and in the window around a moving hand it found the hand
 * on 247 of the 275 test-motion frames (10 a second) on which the VIDEO landmarker had lost it, the
 * full model on 221 (`npm run bench:video-recall`, README "Finding the hand").
 */
export const FOLLOW_MODEL: StillModel = 'lite';

/** The whole frame through the IMAGE landmarker: its palm detector looks at the frame as it is. */
export const REGAIN_TRY: StillTry = STILL_SEARCH[0];

const LITE_AS_IS = STILL_SEARCH.find((attempt) => attempt.id === 'lite as is') as StillTry;

/**
 * The still-image tries a lost live track cycles through: all of `STILL_SEARCH` but the plain image,
 * which the VIDEO landmarker's own palm detector looks at on every frame after the one the track
 * broke on. The lite model on the whole frame comes first: it is the other palm detector's look at
 * what the VIDEO landmarker just missed, where stills, often cut by their edges, first need margins.
 */
export const VIDEO_RECOVERY_TRIES: readonly StillTry[] = [LITE_AS_IS, ...STILL_SEARCH.filter((attempt) => attempt !== REGAIN_TRY && attempt !== LITE_AS_IS)];

/** A point in 0..1 of the frame: where a hand was seen (its box's centre). */
export interface FramePoint {
  readonly x: number;
  readonly y: number;
}

/** The centre of the landmarks' bounding box, in 0..1 of the frame. */
export function boxCentre(landmarks: readonly { x: number; y: number }[]): FramePoint {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
}

/** The window of half of each side centred where the hand was last seen, enlarged to the frame. */
export function followTry(at: FramePoint, model: StillModel = FOLLOW_MODEL): StillTry {
  return { id: 'follow', model, view: (width, height) => zoomView(width, height, FOLLOW_SHARE, at.x, at.y) };
}

/**
 * What the frame on which a track breaks gets, in order until one finds the hand, given where the
 * hand was last seen and the follow window's model.
 */
export type BreakTries = (lastSeen: FramePoint, followModel: StillModel) => readonly StillTry[];

/** The plain frame alone (before stop 32). */
export const BREAK_PLAIN: BreakTries = () => [REGAIN_TRY];

/**
 * The window around the place the hand was just seen, then the plain frame: a hand lost between two
 * frames has moved fast but not far (at 10 frames a second a quick circle moves a fifth of the
 * frame's height), so it is nearly always in that window, seen at twice the size by the lite palm
 * detector; the plain frame is for a hand that jumped further.
 */
export const BREAK_FOLLOW_FIRST: BreakTries = (at, model) => [followTry(at, model), REGAIN_TRY];

/**
 * Which tries a live frame without a tracked hand gets, and in which order. With the hand tracked
 * nothing runs. In order:
 *
 * 1. The frame on which a track breaks gets `onBreak`'s tries at once: MediaPipe's VIDEO mode skips
 *    its palm detector while it follows a hand, so when the hand moved out of the region it
 *    predicted from the last frame (a fast swipe) nothing looked for the hand on this frame.
 * 2. A try of the cycle that found the hand is repeated on every following frame while it keeps
 *    finding it (the hand is still tilted or cut, so the VIDEO landmarker keeps missing it).
 * 3. For `FOLLOW_MS` after the hand was last seen, every frame searches the window around that place
 *    at twice the size with `followModel` (`followTry`): a hand small in the frame, or on a
 *    background like its skin, that the palm detector finds only now and then is followed from
 *    frame to frame, and a moving hand is looked for where it just was.
 * 4. Then one try per `intervalMs`, cycling through `tries`, so a camera showing no hand costs about
 *    one extra landmarker call per interval.
 */
export interface VideoRecovery {
  /** The tries to run, in order until one finds the hand, on a frame in which the VIDEO landmarker found none (often none). */
  next(nowMs: number): readonly StillTry[];
  /** What a try returned by `next` gave on that frame: where the hand is, or null. */
  report(attempt: StillTry, found: FramePoint | null, nowMs: number): void;
  /** The VIDEO landmarker has the hand, `at` this place. */
  tracked(at: FramePoint, nowMs: number): void;
}

export function createVideoRecovery(
  tries: readonly StillTry[] = VIDEO_RECOVERY_TRIES,
  intervalMs = RECOVERY_INTERVAL_MS,
  onBreak: BreakTries = BREAK_FOLLOW_FIRST,
  followModel: StillModel = FOLLOW_MODEL,
): VideoRecovery {
  if (tries.length === 0) throw new Error('A video recovery needs at least one try.');
  let justLost = false;
  let seen: { at: FramePoint; timeMs: number } | null = null;
  let holding: StillTry | null = null;
  let lastTryMs = Number.NEGATIVE_INFINITY;
  let index = 0;
  return {
    next(nowMs) {
      if (justLost && seen) {
        justLost = false;
        return onBreak(seen.at, followModel);
      }
      if (holding) return [holding];
      if (seen && nowMs - seen.timeMs <= FOLLOW_MS) return [followTry(seen.at, followModel)];
      if (nowMs - lastTryMs < intervalMs) return [];
      const attempt = tries[index];
      index = (index + 1) % tries.length;
      return [attempt];
    },
    report(attempt, found, nowMs) {
      if (found) seen = { at: found, timeMs: nowMs };
      if (!tries.includes(attempt)) return;
      lastTryMs = nowMs;
      holding = found ? attempt : null;
    },
    tracked(at, nowMs) {
      justLost = true;
      seen = { at, timeMs: nowMs };
      holding = null;
      lastTryMs = Number.NEGATIVE_INFINITY;
      index = 0;
    },
  };
}
