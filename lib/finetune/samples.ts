import * as tf from '@tensorflow/tfjs';

/** Cached cut activations of every sample, and their class indices, in class order. */
export interface FineTuneSet {
  readonly classNames: readonly string[];
  /** One row per sample: its cut activations, `cutShape` flattened (see `cutActivations`). */
  readonly activations: readonly Float32Array[];
  readonly labels: Int32Array;
  /** augmented[i]: row i's extra views' cut activations (possibly none); used for training rows only. */
  readonly augmented?: readonly (readonly Float32Array[])[];
}

/** Rows gathered for training or validation: references into the set, no copies. */
export interface Samples {
  readonly vectors: readonly Float32Array[];
  readonly labels: Int32Array;
}

/** Throws a RangeError when rows, labels and views do not line up with `cutShape`: a caller bug, not a user's. */
export function checkFineTuneSet(set: FineTuneSet, cutShape: readonly number[]): void {
  const size = cutShape.reduce((a, b) => a * b, 1);
  if (set.activations.length !== set.labels.length) {
    throw new RangeError(`There are ${set.activations.length} activation rows for ${set.labels.length} labels.`);
  }
  const wrong = set.activations.find((row) => row.length !== size);
  if (wrong) throw new RangeError(`An activation row has ${wrong.length} values; the cut shape [${cutShape.join(', ')}] has ${size}.`);
  if (set.augmented === undefined) return;
  if (set.augmented.length !== set.activations.length) {
    throw new RangeError(`augmented has ${set.augmented.length} entries for ${set.activations.length} samples; give one (possibly empty) list per sample.`);
  }
  for (const views of set.augmented) {
    for (const view of views) {
      if (view.length !== size) throw new RangeError(`An augmented view has ${view.length} values; the cut shape has ${size}.`);
    }
  }
}

/**
 * The samples of `rows`: each row's own activations, followed by its augmented views (same label)
 * when `withViews`. Validation passes false: a held-out sample's views are near-copies of it.
 */
export function gatherSamples(set: FineTuneSet, rows: readonly number[], withViews: boolean): Samples {
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (const row of rows) {
    const views = withViews ? (set.augmented?.[row] ?? []) : [];
    for (const vector of [set.activations[row], ...views]) {
      vectors.push(vector);
      labels.push(set.labels[row]);
    }
  }
  return { vectors, labels: Int32Array.from(labels) };
}

/**
 * Uploads the samples at `indices` as inputs [n, ...cutShape] and one-hot targets [n, classes];
 * the caller disposes both. Only one batch at a time lives on the backend, so a set of 2-block
 * activations (up to 300 kB per row for alpha 0.75) never has to fit in GPU memory at once.
 */
export function batchTensors(samples: Samples, indices: readonly number[], cutShape: readonly [number, number, number], classCount: number): [tf.Tensor4D, tf.Tensor2D] {
  const size = cutShape[0] * cutShape[1] * cutShape[2];
  // A fresh buffer per batch: the CPU backend keeps the array it is given rather than copying it.
  const flat = new Float32Array(indices.length * size);
  indices.forEach((index, i) => flat.set(samples.vectors[index], i * size));
  const labels = Int32Array.from(indices, (index) => samples.labels[index]);
  const xs = tf.tensor4d(flat, [indices.length, ...cutShape]); // [n, ...cutShape]
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat() as tf.Tensor2D); // [n, classes]
  return [xs, ys];
}
