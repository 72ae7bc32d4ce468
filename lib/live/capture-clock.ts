/** Samples per second while "Hold to record" is held: steady, and visible in the counter. */
export const RECORD_RATE = 10;

/**
 * Decides which live frames become samples while "Hold to record" is held: at most `perSecond`,
 * evenly spaced, and never a burst to catch up after a slow frame (bursts would be near-duplicates).
 */
export interface CaptureClock {
  /** True when a frame finishing at `nowMs` should be kept; the first frame of a hold always is. */
  take(nowMs: number): boolean;
  reset(): void;
}

export function createCaptureClock(perSecond: number): CaptureClock {
  if (!(perSecond > 0)) throw new RangeError('The capture rate must be positive.');
  const interval = 1000 / perSecond;
  let next: number | null = null;
  return {
    take(nowMs) {
      if (next !== null && nowMs < next) return false;
      // Schedule from the ideal time when on pace, from now when behind: steady, no catch-up burst.
      next = next === null || nowMs - next >= interval ? nowMs + interval : next + interval;
      return true;
    },
    reset() {
      next = null;
    },
  };
}
