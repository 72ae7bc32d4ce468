/** Evaluation figures for a labelled set: rows of the confusion matrix are true classes. */
export interface Evaluation {
  readonly classNames: readonly string[];
  /** confusion[trueIndex][predictedIndex] = count */
  readonly confusion: number[][];
  readonly total: number;
  readonly accuracy: number;
  /** Per true class; null for a class with no examples. */
  readonly perClassAccuracy: (number | null)[];
}

export function evaluatePredictions(classNames: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>): Evaluation {
  if (truth.length !== predicted.length) throw new Error('Truth and predictions differ in length.');
  const n = classNames.length;
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < truth.length; i += 1) {
    if (truth[i] < 0 || truth[i] >= n || predicted[i] < 0 || predicted[i] >= n) throw new RangeError(`Row ${i} names a class outside 0..${n - 1}.`);
    confusion[truth[i]][predicted[i]] += 1;
  }
  const correct = confusion.reduce((sum, row, i) => sum + row[i], 0);
  return {
    classNames: [...classNames],
    confusion,
    total: truth.length,
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    perClassAccuracy: confusion.map((row, i) => {
      const count = row.reduce((a, b) => a + b, 0);
      return count === 0 ? null : row[i] / count;
    }),
  };
}

/** Index of the largest value: the predicted class. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}
