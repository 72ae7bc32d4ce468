import * as tf from '@tensorflow/tfjs';

export interface EarlyStoppingOptions {
  /** Epochs without an improvement to wait before stopping; 0 stops at the first epoch that does not improve. */
  readonly patience: number;
  /** How much the validation loss must drop below the best so far to count as an improvement. */
  readonly minDelta: number;
}

/**
 * A head on cached embeddings takes about a second per few epochs, so waiting 8 epochs costs little
 * and rides out the noisy validation loss of a small held-out share. 1e-4 ignores improvements too
 * small to change a prediction.
 */
export const DEFAULT_EARLY_STOPPING: EarlyStoppingOptions = { patience: 8, minDelta: 1e-4 };

export interface EarlyStopping {
  /** Feed each epoch's validation loss (1-based epoch); says whether it improved on the best and whether to stop now. */
  update(epoch: number, validationLoss: number): { improved: boolean; stop: boolean };
  /** The epoch of the best validation loss so far; 0 before any update. */
  readonly bestEpoch: number;
  /** The best validation loss so far; Infinity before any update. */
  readonly bestLoss: number;
}

/**
 * Tracks validation loss epoch by epoch, Keras-style: an epoch improves when its loss is below the best
 * by more than `minDelta`; training should stop once `patience` epochs have passed without one. A loss
 * that is not a finite number never improves. Throws a RangeError for negative or non-finite options,
 * and when epochs are not fed in increasing order (a wrong-state call).
 */
export function createEarlyStopping(options: Partial<EarlyStoppingOptions> = {}): EarlyStopping {
  const patience = options.patience ?? DEFAULT_EARLY_STOPPING.patience;
  const minDelta = options.minDelta ?? DEFAULT_EARLY_STOPPING.minDelta;
  if (!Number.isInteger(patience) || patience < 0) throw new RangeError(`Patience must be a whole number of epochs, 0 or more (got ${patience}).`);
  if (!Number.isFinite(minDelta) || minDelta < 0) throw new RangeError(`minDelta must be a finite number, 0 or more (got ${minDelta}).`);

  let bestEpoch = 0;
  let bestLoss = Number.POSITIVE_INFINITY;
  let lastEpoch = 0;
  return {
    update(epoch, validationLoss) {
      if (!Number.isInteger(epoch) || epoch <= lastEpoch) {
        throw new RangeError(`Epochs are 1-based and must increase: got ${epoch} after ${lastEpoch}.`);
      }
      lastEpoch = epoch;
      // The first finite loss always improves on Infinity, whatever minDelta is.
      const improved = Number.isFinite(validationLoss) && (bestEpoch === 0 || validationLoss < bestLoss - minDelta);
      if (improved) {
        bestEpoch = epoch;
        bestLoss = validationLoss;
      }
      // With no finite loss yet, count from epoch 0 so a diverged run still stops.
      return { improved, stop: !improved && epoch - bestEpoch >= patience };
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get bestLoss() {
      return bestLoss;
    },
  };
}

/*
 * Weights are either tfjs-layers `LayerVariable`s (what `model.weights` and `model.trainableWeights`
 * give: read() / write()) or core `tf.Variable`s (the variable is its own value; assign()).
 */
export type ReadableWeight = { read(): tf.Tensor } | tf.Variable;
export type WritableWeight = { write(value: tf.Tensor): void } | tf.Variable;

/** Clones the current values of `weights` (caller disposes the returned tensors). */
export function snapshotWeights(weights: readonly ReadableWeight[]): tf.Tensor[] {
  // A clone shares the data buffer, but keeps it when the variable is later assigned a new value.
  return tf.tidy(() => weights.map((w) => (isVariable(w) ? w : w.read()).clone()));
}

/** Writes a snapshot back into the same weights (LayerVariable.write / Variable.assign). Does not dispose the snapshot. */
export function restoreWeights(weights: readonly WritableWeight[], snapshot: readonly tf.Tensor[]): void {
  if (weights.length !== snapshot.length) {
    throw new RangeError(`The snapshot holds ${snapshot.length} tensors but there are ${weights.length} weights.`);
  }
  weights.forEach((w, i) => {
    if (isVariable(w)) w.assign(snapshot[i]);
    else w.write(snapshot[i]);
  });
}

function isVariable(w: object): w is tf.Variable {
  return w instanceof tf.Variable;
}
