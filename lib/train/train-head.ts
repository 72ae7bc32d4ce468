import * as tf from '@tensorflow/tfjs';
import type { TrainingSet } from '../dataset';
import { fitClassifier, type FitOutcome } from './fit-classifier';
import { createHead, createHeadModel, headInputs, LANDMARK_BRANCH_UNITS, type Head, withHandOnlyVote } from './head';
import { createRandom } from './random';
import { stratifiedSplit } from './split';

export interface TrainParams {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly hiddenUnits: number;
  /** Share of each class held out to measure validation loss and accuracy. */
  readonly validationFraction: number;
  readonly seed: number;
  /**
   * Stop once the validation loss has not improved for `patience` epochs, and hand back the weights
   * of the best epoch. Needs a validation split: with a validation share of 0 it is skipped.
   */
  readonly earlyStopping: boolean;
  /** Epochs without a validation-loss improvement that early stopping waits for. */
  readonly patience: number;
  /** Step the learning rate down during training (halved every 15 epochs, see `DEFAULT_DECAY`). */
  readonly learningRateDecay: boolean;
  /**
   * How a fused row (image embedding + hand landmarks) enters the head: one dense layer over the
   * concatenation, or a branch per part (see `HeadShape.branches`). Rows that are not fused ignore it.
   */
  readonly fusion: Fusion;
  /**
   * Fused rows only: this share of the training rows (views included) is trained on a second time
   * with the image embedding zeroed, as if the image branch were dropped, so the hand's landmarks
   * alone must carry those rows' labels and the head cannot lean on the crop (and what is behind
   * the hand) alone. Measured (`ABLATION_PART=robust npm run ablation`, README): with 0.5, 10
   * photos a class of held-out people went from 91.1% to 96.8%, the harder set from 72.0% to 81.6%.
   */
  readonly imageDropout: number;
}

export type Fusion = 'concat' | 'branches';

/** Defaults that train a head on a few hundred samples in seconds and rarely overfit badly. */
export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  epochs: 40,
  batchSize: 16,
  learningRate: 0.001,
  hiddenUnits: 100,
  validationFraction: 0.15,
  seed: 42,
  earlyStopping: true,
  patience: 8,
  learningRateDecay: true,
  fusion: 'concat',
  imageDropout: 0.5,
};

/** The numeric params a person can set; `seed` is any number and the on/off switches have no range. */
export type RangedTrainParam = 'epochs' | 'batchSize' | 'learningRate' | 'hiddenUnits' | 'validationFraction' | 'patience' | 'imageDropout';
type SwitchTrainParam = 'earlyStopping' | 'learningRateDecay';

export const TRAIN_PARAM_LIMITS: Readonly<Record<RangedTrainParam, readonly [number, number]>> = {
  epochs: [1, 500],
  batchSize: [1, 512],
  learningRate: [1e-5, 1],
  hiddenUnits: [0, 1024],
  validationFraction: [0, 0.5],
  patience: [1, 100],
  imageDropout: [0, 1],
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
  for (const [key, [min, max]] of Object.entries(TRAIN_PARAM_LIMITS) as [RangedTrainParam, readonly [number, number]][]) {
    const value: unknown = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new TrainingError('bad-params', `${PARAM_NAMES[key]} must be between ${min} and ${max}.`);
    }
  }
  for (const key of SWITCH_PARAMS) {
    // Guards callers outside TypeScript (a stored settings object, a form value) that pass "true" or 1.
    const value: unknown = resolved[key];
    if (typeof value !== 'boolean') throw new TrainingError('bad-params', `${PARAM_NAMES[key]} must be on or off.`);
  }
  if (resolved.fusion !== 'concat' && resolved.fusion !== 'branches') throw new TrainingError('bad-params', 'Fusion must be "concat" or "branches".');
  return {
    ...resolved,
    epochs: Math.round(resolved.epochs),
    batchSize: Math.round(resolved.batchSize),
    hiddenUnits: Math.round(resolved.hiddenUnits),
    patience: Math.round(resolved.patience),
  };
}

const SWITCH_PARAMS: readonly SwitchTrainParam[] = ['earlyStopping', 'learningRateDecay'];

const PARAM_NAMES: Readonly<Record<RangedTrainParam | SwitchTrainParam, string>> = {
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  hiddenUnits: 'Hidden units',
  validationFraction: 'Validation share',
  patience: 'Patience',
  imageDropout: 'Image dropout',
  earlyStopping: 'Early stopping',
  learningRateDecay: 'Learning-rate decay',
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
  /** The learning rate this epoch trained at (lower than the initial one once decay has stepped). */
  readonly learningRate: number;
}

export interface TrainCallbacks {
  onEpoch?: (report: EpochReport) => void;
  /** Aborting stops training after the current batch; the partly trained head is discarded. */
  signal?: AbortSignal;
}

export type TrainResult =
  | {
      readonly status: 'trained';
      readonly head: Head;
      readonly history: readonly EpochReport[];
      /** The epoch whose weights the head carries: the best validation epoch under early stopping, else the last. */
      readonly bestEpoch: number;
      /** True when early stopping ended training before `epochs`. */
      readonly stoppedEarly: boolean;
    }
  | { readonly status: 'cancelled'; readonly history: readonly EpochReport[] };

/**
 * A training set that may carry extra views of each sample (augmented crops embedded by the
 * backbone): `augmented[i]` holds row i's views, possibly none. Declared here so training accepts
 * them whether or not the dataset module's `TrainingSet` declares the field yet.
 */
export type TrainingSetWithViews = TrainingSet & { readonly augmented?: readonly (readonly Float32Array[])[] };

/**
 * Trains a new head on cached embeddings. Training rows are each training sample's embedding plus
 * its augmented views (same label); validation rows are only the held-out samples' own embeddings,
 * since their views would be near-copies of what is being measured. All tensors made here (data,
 * optimizer state, weight snapshots) are freed before it resolves; the returned head is the only
 * thing left, and the caller owns it.
 */
export async function trainHead(set: TrainingSetWithViews, params: Partial<TrainParams> = {}, callbacks: TrainCallbacks = {}): Promise<TrainResult> {
  checkTrainable(set);
  const p = resolveTrainParams(params);
  const embeddingSize = set.embeddings[0].length;
  checkViews(set, embeddingSize);
  const classCount = set.classNames.length;
  const split = stratifiedSplit(set.labels, p.validationFraction, p.seed);
  const branches = p.fusion === 'branches' && set.fusedSplit !== undefined ? { split: set.fusedSplit, units: LANDMARK_BRANCH_UNITS } : undefined;
  const model = createHeadModel({ embeddingSize, classCount, hiddenUnits: p.hiddenUnits, seed: p.seed, ...(branches ? { branches } : {}) });

  const dropout = set.fusedSplit !== undefined && p.imageDropout > 0 ? { share: p.imageDropout, split: set.fusedSplit, random: createRandom(p.seed + 7) } : null;
  const [xs, ys] = toTensors(set, split.train, classCount, true, dropout);
  const validation = split.validation.length > 0 ? toTensors(set, split.validation, classCount, false) : null;
  // A two-branch head takes each row in two parts; these are views made once, freed with the data.
  const inputs = headInputs(model, xs);
  const validationInputs = validation ? headInputs(model, validation[0]) : null;
  const splitParts = [inputs, validationInputs].flatMap((x) => (Array.isArray(x) ? x : []));
  let outcome: FitOutcome;
  try {
    outcome = await fitClassifier(model, { inputs, targets: ys, validation: validation && validationInputs ? [validationInputs, validation[1]] : null }, p, callbacks);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([xs, ys, ...(validation ?? []), ...splitParts]);
  }
  const { history, bestEpoch, stoppedEarly } = outcome;
  if (outcome.cancelled) {
    model.dispose();
    return { status: 'cancelled', history };
  }
  // A head trained with image dropout answers with the mean of its two readings (see withHandOnlyVote).
  const answering = dropout ? withHandOnlyVote(model, dropout.split) : model;
  if (answering !== model) model.dispose();
  return { status: 'trained', head: createHead(answering, set.classNames, embeddingSize), history, bestEpoch, stoppedEarly };
}

/** Throws when `augmented` does not line up with the rows or holds a view of another size: a caller bug, not a user's. */
function checkViews(set: TrainingSetWithViews, embeddingSize: number): void {
  if (set.augmented === undefined) return;
  if (set.augmented.length !== set.embeddings.length) {
    throw new RangeError(`augmented has ${set.augmented.length} entries for ${set.embeddings.length} samples; give one (possibly empty) list per sample.`);
  }
  for (const views of set.augmented) {
    for (const view of views) {
      if (view.length !== embeddingSize) throw new RangeError(`An augmented view has ${view.length} values; the embeddings have ${embeddingSize}.`);
    }
  }
}

/** Which training rows get a copy without their image part (`TrainParams.imageDropout`): the first `split` values zeroed. */
interface ImageDropout {
  readonly share: number;
  readonly split: number;
  readonly random: () => number;
}

/**
 * Gathers `rows` into [n, embeddingSize] inputs and [n, classes] one-hot targets, adding each row's
 * augmented views (same label) when `withViews`, and after each row or view, for a `dropout.share` of
 * them, a copy with the image part zeroed; the caller disposes both.
 */
function toTensors(set: TrainingSetWithViews, rows: readonly number[], classCount: number, withViews: boolean, dropout: ImageDropout | null = null): [tf.Tensor2D, tf.Tensor2D] {
  const size = set.embeddings[0].length;
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (const row of rows) {
    const views = withViews ? (set.augmented?.[row] ?? []) : [];
    for (const vector of [set.embeddings[row], ...views]) {
      vectors.push(vector);
      labels.push(set.labels[row]);
      if (dropout && dropout.random() < dropout.share) {
        const handOnly = Float32Array.from(vector);
        handOnly.fill(0, 0, dropout.split);
        vectors.push(handOnly);
        labels.push(set.labels[row]);
      }
    }
  }
  const flat = new Float32Array(vectors.length * size);
  vectors.forEach((vector, i) => flat.set(vector, i * size));
  const xs = tf.tensor2d(flat, [vectors.length, size]); // [n, embeddingSize]
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat() as tf.Tensor2D); // [n, classes]
  return [xs, ys];
}
