import type * as tf from '@tensorflow/tfjs';

export interface LearningRateDecay {
  /** Factor applied at each step, in (0, 1]. */
  readonly rate: number;
  /** Epochs between steps, at least 1. */
  readonly every: number;
}

/**
 * Halve every 15 epochs: with the default 40 epochs the head trains at the full rate for the first
 * 15 (where most of the loss goes), at half for the next 15 and at a quarter for the last 10, so
 * Adam's steps shrink enough to settle into a minimum instead of bouncing around it. Stepping every
 * few epochs would starve the early epochs; a gentler rate would barely change the last ones.
 */
export const DEFAULT_DECAY: LearningRateDecay = { rate: 0.5, every: 15 };

/**
 * Step decay: `initial * rate^floor((epoch - 1) / every)` for a 1-based `epoch`, so epochs
 * 1..every train at `initial`. Throws a RangeError for arguments outside those ranges.
 */
export function decayedLearningRate(initial: number, epoch: number, decay: LearningRateDecay): number {
  if (!Number.isFinite(initial) || initial <= 0) throw new RangeError(`The initial learning rate must be a positive number (got ${initial}).`);
  if (!Number.isInteger(epoch) || epoch < 1) throw new RangeError(`Epochs are counted from 1 (got ${epoch}).`);
  if (!(decay.rate > 0 && decay.rate <= 1)) throw new RangeError(`The decay rate must be in (0, 1] (got ${decay.rate}).`);
  if (!Number.isInteger(decay.every) || decay.every < 1) throw new RangeError(`Decay steps must be a whole number of epochs, 1 or more (got ${decay.every}).`);
  return initial * decay.rate ** Math.floor((epoch - 1) / decay.every);
}

/**
 * Changes the learning rate of a live optimizer, e.g. between epochs. Works for every tfjs optimizer
 * (sgd, momentum, adam, adamax, adagrad, adadelta, rmsprop): each reads its learning rate on every
 * `applyGradients` call, so the new value applies from the next batch on.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (!Number.isFinite(lr) || lr <= 0) throw new RangeError(`A learning rate must be a positive number (got ${lr}).`);
  // sgd and momentum cache -lr as a kept scalar tensor; their public setter disposes and remakes it.
  const withSetter = optimizer as tf.Optimizer & { setLearningRate?: (lr: number) => void };
  if (typeof withSetter.setLearningRate === 'function') {
    withSetter.setLearningRate(lr);
    return;
  }
  // The others (AdamOptimizer among them) declare `learningRate` protected in their typings but read
  // the plain field in applyGradients (see tfjs-core dist/optimizers/adam_optimizer.js), so writing
  // it is enough. Narrow to that one field rather than casting to any.
  const withField = optimizer as unknown as { learningRate?: unknown };
  if (typeof withField.learningRate !== 'number') {
    throw new TypeError(`This optimizer (${optimizer.getClassName()}) has no learning rate to set.`);
  }
  withField.learningRate = lr;
}
