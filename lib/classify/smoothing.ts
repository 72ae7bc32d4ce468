import { argMax } from '../evaluate';

/**
 * Exponential moving average over probability vectors: a single odd frame does not flip the label,
 * and the bars move calmly. `weight` is the share of the newest frame (1 = no smoothing).
 */
export interface Smoother {
  update(probabilities: Float32Array): Float32Array;
  reset(): void;
}

export function createSmoother(weight = 0.5): Smoother {
  if (!(weight > 0 && weight <= 1)) throw new RangeError('The smoothing weight must be in (0, 1].');
  let state: Float32Array | null = null;
  return {
    update(probabilities) {
      if (!state || state.length !== probabilities.length) {
        state = Float32Array.from(probabilities);
      } else {
        for (let i = 0; i < state.length; i += 1) state[i] += weight * (probabilities[i] - state[i]);
      }
      return Float32Array.from(state);
    },
    reset() {
      state = null;
    },
  };
}

export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly confidence: number;
}

export function topPrediction(probabilities: ArrayLike<number>, classNames: readonly string[]): Prediction {
  if (probabilities.length === 0 || probabilities.length !== classNames.length) {
    throw new Error(`Got ${probabilities.length} probabilities for ${classNames.length} classes.`);
  }
  const index = argMax(probabilities);
  return { index, label: classNames[index], confidence: probabilities[index] };
}

/** Below this smoothed confidence the live label is "unknown" rather than a likely-wrong gesture. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.6;

export interface Decision extends Prediction {
  /** False when the top class is below the threshold: show "unknown", not a gesture. */
  readonly confident: boolean;
}

export function decide(probabilities: ArrayLike<number>, classNames: readonly string[], threshold: number): Decision {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError('The confidence threshold must be in [0, 1].');
  const top = topPrediction(probabilities, classNames);
  return { ...top, confident: top.confidence >= threshold };
}
