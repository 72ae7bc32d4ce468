/**
 * Evaluation figures for a labelled set of photos. Rows of the confusion matrix are true classes.
 * A photo in which a hand model found no hand is an outcome of its own ("no hand"): it was never
 * classified, so it is a miss, and it counts in every accuracy below.
 */
export interface Evaluation {
  readonly classNames: readonly string[];
  /** confusion[trueIndex][predictedIndex] = count, over the photos that were classified. */
  readonly confusion: number[][];
  /**
   * Per true class, the photos in which the hand model found no hand. null for a whole-frame model,
   * which classifies every photo it can read.
   */
  readonly noHand: number[] | null;
  /** Every photo of a known class, no-hand ones included. */
  readonly total: number;
  /** Photos classified as their true class. */
  readonly correct: number;
  /** correct / total; 0 when there are no photos. */
  readonly accuracy: number;
  /** Per true class, its correct photos over all its photos (no-hand ones included); null for a class with no photos. */
  readonly perClassAccuracy: (number | null)[];
}

/**
 * `truth` and `predicted` are class indices of the classified photos; `noHandTruth` the true class of
 * each photo in which a hand model found no hand. Leave `noHandTruth` out for a whole-frame model: its
 * evaluation then has no "no hand" outcome at all (`noHand` is null).
 */
export function evaluatePredictions(
  classNames: readonly string[],
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  noHandTruth?: ArrayLike<number>,
): Evaluation {
  if (truth.length !== predicted.length) throw new Error('Truth and predictions differ in length.');
  const n = classNames.length;
  const outside = (index: number) => !(index >= 0 && index < n);
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < truth.length; i += 1) {
    if (outside(truth[i]) || outside(predicted[i])) throw new RangeError(`Row ${i} names a class outside 0..${n - 1}.`);
    confusion[truth[i]][predicted[i]] += 1;
  }
  let noHand: number[] | null = null;
  if (noHandTruth) {
    noHand = new Array<number>(n).fill(0);
    for (let i = 0; i < noHandTruth.length; i += 1) {
      if (outside(noHandTruth[i])) throw new RangeError(`No-hand photo ${i} names a class outside 0..${n - 1}.`);
      noHand[noHandTruth[i]] += 1;
    }
  }
  const photosOf = confusion.map((row, i) => row.reduce((a, b) => a + b, 0) + (noHand ? noHand[i] : 0));
  const total = photosOf.reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((sum, row, i) => sum + row[i], 0);
  return {
    classNames: [...classNames],
    confusion,
    noHand,
    total,
    correct,
    accuracy: total === 0 ? 0 : correct / total,
    perClassAccuracy: confusion.map((row, i) => (photosOf[i] === 0 ? null : row[i] / photosOf[i])),
  };
}

/** Photos in which no hand was found, over all classes (0 for a whole-frame model). */
export function noHandCount(evaluation: Evaluation): number {
  return evaluation.noHand ? evaluation.noHand.reduce((a, b) => a + b, 0) : 0;
}

/** The headline in words, e.g. "96.3% of 625 photos; 15 with no hand found count as misses". */
export function describeAccuracy(evaluation: Evaluation): string {
  if (evaluation.total === 0) return '— (no photo of a known class could be read)';
  const photos = `${(evaluation.accuracy * 100).toFixed(1)}% of ${evaluation.total} ${evaluation.total === 1 ? 'photo' : 'photos'}`;
  const missing = noHandCount(evaluation);
  if (missing === 0) return photos;
  return `${photos}; ${missing} with no hand found ${missing === 1 ? 'counts as a miss' : 'count as misses'}`;
}

/** Index of the largest value: the predicted class. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}
