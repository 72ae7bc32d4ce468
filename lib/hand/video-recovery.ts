import { STILL_SEARCH, type StillTry } from './still-search';

/** While the live track is lost, at most one recovery try per this many milliseconds. */
export const RECOVERY_INTERVAL_MS = 200;

/**
 * The still-image tries a lost live track cycles through: all of `STILL_SEARCH` but the plain image,
 * which the VIDEO landmarker has just looked at with the same palm detector.
 */
export const VIDEO_RECOVERY_TRIES: readonly StillTry[] = STILL_SEARCH.filter((attempt) => attempt.id !== 'as is');

/**
 * When a live frame without a tracked hand gets a recovery try, and which. With the hand tracked
 * nothing runs. Once lost, one try per `intervalMs`, cycling through `tries`, so a camera showing no
 * hand costs about one extra landmarker call per interval. A try that finds the hand is repeated on
 * every following frame while it keeps finding it (the hand is still tilted or cut, so the VIDEO
 * landmarker keeps missing it): that keeps the track across frames.
 */
export interface VideoRecovery {
  /** The try to run on a frame in which the VIDEO landmarker found no hand, or null to run none. */
  next(nowMs: number): StillTry | null;
  /** What the try returned by `next` gave on that frame. */
  report(attempt: StillTry, found: boolean, nowMs: number): void;
  /** The VIDEO landmarker has the hand again: start from the first try next time it is lost. */
  tracked(): void;
}

export function createVideoRecovery(tries: readonly StillTry[] = VIDEO_RECOVERY_TRIES, intervalMs = RECOVERY_INTERVAL_MS): VideoRecovery {
  if (tries.length === 0) throw new Error('A video recovery needs at least one try.');
  let holding: StillTry | null = null;
  let lastTryMs = Number.NEGATIVE_INFINITY;
  let index = 0;
  return {
    next(nowMs) {
      if (holding) return holding;
      if (nowMs - lastTryMs < intervalMs) return null;
      const attempt = tries[index];
      index = (index + 1) % tries.length;
      return attempt;
    },
    report(attempt, found, nowMs) {
      lastTryMs = nowMs;
      holding = found ? attempt : null;
    },
    tracked() {
      holding = null;
      lastTryMs = Number.NEGATIVE_INFINITY;
      index = 0;
    },
  };
}
