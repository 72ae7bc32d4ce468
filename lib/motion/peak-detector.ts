/**
 * When a motion class fires. A motion is complete when the whole of it is in the window, which is
 * when its probability stops climbing (or is so near 1 that it has won: `saturation`); while it stays
 * in the window the probability stays high, and a class must fall back below `release` before it can
 * fire again.
 */
export interface PeakDetectorOptions {
  /** A class fires only at or above this probability; above 0.5, so only one class can at a time. */
  readonly threshold: number;
  /** A class that fired may fire again once its probability has fallen below this. */
  readonly release: number;
  /** A rise smaller than this from one step to the next counts as having peaked (a saturated softmax creeps up by hundredths). */
  readonly minRise: number;
  /**
   * A probability at or above this has nowhere left to climb that could matter: it counts as the peak
   * at once, rather than one step later when it stops climbing (a step is 67 ms of delay).
   */
  readonly saturation: number;
  /** After an event, no event (of any class) for this long: the tail of one motion does not start another. */
  readonly refractoryMs: number;
  /**
   * Steps a class must spend at or above the threshold before it may fire: a one-step blip is a
   * motion's first half looking like another motion (a swipe's first half like a wave's), not a motion.
   */
  readonly minSteps: number;
  /**
   * A class that has peaked does not fire when another motion class (not the idle one) is already
   * above it: the probability passed from one to the other, so the first was the start of the second
   * (two thirds of a swipe look like a wave's stroke, then the swipe takes over).
   */
  readonly yieldToRival: boolean;
}

/**
 * 0.8 keeps a half-made motion from firing; 0.4 re-arms once the class has clearly given way; 600 ms
 * is about the shortest gap between two deliberate motions; two steps (133 ms at 15 frames/s) outlast
 * a blip; at 0.95 the class has won.
 */
export const DEFAULT_PEAK_OPTIONS: PeakDetectorOptions = { threshold: 0.8, release: 0.4, minRise: 0.01, saturation: 0.95, refractoryMs: 600, minSteps: 2, yieldToRival: true };

export interface PeakEvent {
  readonly classIndex: number;
  readonly probability: number;
  readonly timeMs: number;
}

export interface PeakDetector {
  /**
   * Feeds one step's probabilities (one per class) at `timeMs` (increasing); returns the event that
   * fired on it, if any. Throws a RangeError when the number of classes changes.
   */
  update(probabilities: ArrayLike<number>, timeMs: number): PeakEvent | null;
  /** Forgets every class's state and the refractory time (the stream started over). */
  reset(): void;
}

/** `rising`: above the threshold; `last` the previous step's probability, `peak` the highest, `steps` the steps at or above the threshold. */
type ClassState = { kind: 'armed' } | { kind: 'rising'; last: number; peak: number; steps: number } | { kind: 'spent' };

/**
 * A detector over `classCount` classes that never fires `idleClass` (the "no motion" class, or
 * null). Throws a RangeError for options that cannot work (threshold outside (0.5, 1], release not
 * below it, a negative rise or refractory time, a saturation level below the threshold).
 */
export function createPeakDetector(classCount: number, idleClass: number | null, options: Partial<PeakDetectorOptions> = {}): PeakDetector {
  const { threshold, release, minRise, saturation, refractoryMs, minSteps, yieldToRival } = { ...DEFAULT_PEAK_OPTIONS, ...options };
  if (!(threshold > 0.5 && threshold <= 1)) throw new RangeError(`The threshold must be above 0.5 and at most 1, not ${threshold}.`);
  if (!(release >= 0 && release < threshold)) throw new RangeError(`The release level must be from 0 to below the threshold (${threshold}), not ${release}.`);
  if (!(minRise >= 0) || !(refractoryMs >= 0)) throw new RangeError('The rise and the refractory time must be 0 or more.');
  if (!(saturation >= threshold)) throw new RangeError(`The saturation level must be at or above the threshold (${threshold}), not ${saturation}.`);
  if (!(Number.isInteger(minSteps) && minSteps >= 1)) throw new RangeError(`A class must hold for a whole number of steps, 1 or more, not ${minSteps}.`);
  let states: ClassState[] = [];
  let lastEventMs = Number.NEGATIVE_INFINITY;
  const reset = () => {
    states = Array.from({ length: classCount }, () => ({ kind: 'armed' }));
    lastEventMs = Number.NEGATIVE_INFINITY;
  };
  reset();
  return {
    update(probabilities, timeMs) {
      if (probabilities.length !== classCount) throw new RangeError(`Expected ${classCount} probabilities, got ${probabilities.length}.`);
      let event: PeakEvent | null = null;
      for (let c = 0; c < classCount; c += 1) {
        if (c === idleClass) continue;
        const p = probabilities[c];
        const state = states[c];
        if (state.kind === 'rising') {
          const steps = p >= threshold ? state.steps + 1 : state.steps;
          const peak = Math.max(state.peak, p);
          const climbing = p >= state.last + minRise && p < saturation;
          if (climbing || (steps < minSteps && p >= threshold)) {
            states[c] = { kind: 'rising', last: p, peak, steps };
            continue;
          }
          if (steps < minSteps) {
            // A blip: no event, and the class may cross again.
            states[c] = { kind: 'armed' };
            continue;
          }
          // It peaked. Within the refractory time, or yielding to a rival, the excursion is spent without an event.
          if (timeMs - lastEventMs >= refractoryMs && !(yieldToRival && outranked(probabilities, c, idleClass))) {
            event = { classIndex: c, probability: peak, timeMs };
            lastEventMs = timeMs;
          }
          states[c] = p < release ? { kind: 'armed' } : { kind: 'spent' };
        } else if (p < release) {
          states[c] = { kind: 'armed' };
        } else if (state.kind === 'armed' && p >= threshold) {
          states[c] = { kind: 'rising', last: p, peak: p, steps: 1 };
        }
      }
      return event;
    },
    reset,
  };
}

/** Whether a class other than `c` and the idle one is more probable than `c` now. */
function outranked(probabilities: ArrayLike<number>, c: number, idleClass: number | null): boolean {
  for (let d = 0; d < probabilities.length; d += 1) {
    if (d !== c && d !== idleClass && probabilities[d] > probabilities[c]) return true;
  }
  return false;
}
