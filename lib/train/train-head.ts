import * as tf from '@tensorflow/tfjs';
import type { TrainingSet } from '../dataset';
import { createHead, createHeadModel, type Head } from './head';
import { stratifiedSplit } from './split';

export interface TrainParams {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly hiddenUnits: number;
  /** Share of each class held out to measure validation loss and accuracy. */
  readonly validationFraction: number;
  readonly seed: number;
}

/** Defaults that train a head on a few hundred samples in seconds and rarely overfit badly. */
export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  epochs: 40,
  batchSize: 16,
  learningRate: 0.001,
  hiddenUnits: 100,
  validationFraction: 0.15,
  seed: 42,
};

export const TRAIN_PARAM_LIMITS: Readonly<Record<keyof Omit<TrainParams, 'seed'>, readonly [number, number]>> = {
  epochs: [1, 500],
  batchSize: [1, 512],
  learningRate: [1e-5, 1],
  hiddenUnits: [0, 1024],
  validationFraction: [0, 0.5],
};

/** Fewer samples than this in a class cannot give both a training and a validation row worth having. */
export const MIN_SAMPLES_PER_CLASS = 5;

export type TrainingErrorKind = 'too-few-classes' | 'too-few-samples' | 'bad-params';

export class TrainingError extends Error {
  constructor(readonly kind: TrainingErrorKind, message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** Returns a filled-in, range-checked copy of `params`; never mutates the caller's object. */
export function resolveTrainParams(params: Partial<TrainParams> = {}): TrainParams {
  // Fields given as undefined take their defaults, as if they were absent.
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const resolved: TrainParams = { ...DEFAULT_TRAIN_PARAMS, ...given };
  for (const [key, [min, max]] of Object.entries(TRAIN_PARAM_LIMITS) as [keyof typeof TRAIN_PARAM_LIMITS, readonly [number, number]][]) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new TrainingError('bad-params', `${PARAM_NAMES[key]} must be between ${min} and ${max}.`);
    }
  }
  return { ...resolved, epochs: Math.round(resolved.epochs), batchSize: Math.round(resolved.batchSize), hiddenUnits: Math.round(resolved.hiddenUnits) };
}

const PARAM_NAMES: Readonly<Record<keyof typeof TRAIN_PARAM_LIMITS, string>> = {
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  hiddenUnits: 'Hidden units',
  validationFraction: 'Validation share',
};

/** Throws a `TrainingError` saying what to add when `set` cannot train a useful head. */
export function checkTrainable(set: TrainingSet, minPerClass = MIN_SAMPLES_PER_CLASS): void {
  if (set.classNames.length < 2) {
    throw new TrainingError('too-few-classes', 'Add at least two classes to train: a classifier needs something to tell apart.');
  }
  const counts = new Array<number>(set.classNames.length).fill(0);
  for (const label of set.labels) counts[label] += 1;
  const short = set.classNames.filter((_, i) => counts[i] < minPerClass);
  if (short.length > 0) {
    const list = short.map((name) => `"${name}"`).join(', ');
    throw new TrainingError('too-few-samples', `Record at least ${minPerClass} samples in every class before training (too few in ${list}).`);
  }
}

export interface EpochReport {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly validationLoss: number | null;
  readonly validationAccuracy: number | null;
}

export interface TrainCallbacks {
  onEpoch?: (report: EpochReport) => void;
  /** Aborting stops training after the current batch; the partly trained head is discarded. */
  signal?: AbortSignal;
}

export type TrainResult =
  | { readonly status: 'trained'; readonly head: Head; readonly history: readonly EpochReport[] }
  | { readonly status: 'cancelled'; readonly history: readonly EpochReport[] };

/**
 * Trains a new head on cached embeddings. All tensors made here (data, optimizer state) are freed
 * before it resolves; the returned head is the only thing left, and the caller owns it.
 */
export async function trainHead(set: TrainingSet, params: Partial<TrainParams> = {}, callbacks: TrainCallbacks = {}): Promise<TrainResult> {
  checkTrainable(set);
  const p = resolveTrainParams(params);
  const embeddingSize = set.embeddings[0].length;
  const classCount = set.classNames.length;
  const split = stratifiedSplit(set.labels, p.validationFraction, p.seed);
  const model = createHeadModel({ embeddingSize, classCount, hiddenUnits: p.hiddenUnits, seed: p.seed });
  const optimizer = tf.train.adam(p.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const [xs, ys] = toTensors(set, split.train, classCount);
  const validation = split.validation.length > 0 ? toTensors(set, split.validation, classCount) : null;
  const history: EpochReport[] = [];
  const onAbort = () => {
    model.stopTraining = true;
  };
  callbacks.signal?.addEventListener('abort', onAbort);
  try {
    await model.fit(xs, ys, {
      epochs: p.epochs,
      batchSize: p.batchSize,
      shuffle: true,
      validationData: validation ?? undefined,
      callbacks: {
        onEpochEnd: async (epoch, logs = {}) => {
          const report: EpochReport = {
            epoch: epoch + 1,
            epochs: p.epochs,
            loss: logs.loss,
            accuracy: logs.acc ?? logs.accuracy,
            validationLoss: validation ? logs.val_loss : null,
            validationAccuracy: validation ? (logs.val_acc ?? logs.val_accuracy) : null,
          };
          history.push(report);
          callbacks.onEpoch?.(report);
          if (callbacks.signal?.aborted) model.stopTraining = true;
        },
      },
    });
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    callbacks.signal?.removeEventListener('abort', onAbort);
    tf.dispose([xs, ys, ...(validation ?? [])]);
    // Disposing a model leaves the optimizer's slots (Adam's moments) alive: free them explicitly.
    optimizer.dispose();
  }
  if (callbacks.signal?.aborted) {
    model.dispose();
    return { status: 'cancelled', history };
  }
  return { status: 'trained', head: createHead(model, set.classNames, embeddingSize), history };
}

/** Gathers rows into [n, embeddingSize] inputs and [n, classes] one-hot targets; the caller disposes both. */
function toTensors(set: TrainingSet, rows: readonly number[], classCount: number): [tf.Tensor2D, tf.Tensor2D] {
  const size = set.embeddings[0].length;
  const flat = new Float32Array(rows.length * size);
  rows.forEach((row, i) => flat.set(set.embeddings[row], i * size));
  const labels = Int32Array.from(rows, (row) => set.labels[row]);
  const xs = tf.tensor2d(flat, [rows.length, size]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat() as tf.Tensor2D);
  return [xs, ys];
}
