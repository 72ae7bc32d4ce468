import * as tf from '@tensorflow/tfjs';
import { evaluatePredictions, argMax, type Evaluation } from '../evaluate';
import {
  createRandom,
  fitClassifier,
  shuffled,
  stratifiedSplit,
  TRAIN_PARAM_LIMITS,
  TrainingError,
  type EpochReport,
  type FitOutcome,
  type FitSettings,
  type TrainCallbacks,
} from '../train';
import { augmentClip, DEFAULT_MOTION_AUGMENT, joltClip, justEndedOffset, mirrorClip, mirrorLabel, partialOffset, randomOffset, type MirrorRule, type MotionAugmentSettings } from './augment';
import type { MotionClip } from './clip';
import { createMotionModel, type MotionModel } from './motion-model';
import { createMotionNetwork, DEFAULT_MOTION_NET, type MotionNetSpec } from './temporal-net';
import { createTrainableMotionNetwork } from './unfolded-conv';
import { centredOffset, fitToWindow, motionInputSize, windowInput } from './window';

/** The motion classes of a project with their clips. */
export interface MotionTrainingSet {
  readonly classNames: readonly string[];
  readonly clips: readonly MotionClip[];
  /** The class index of each clip. */
  readonly labels: ArrayLike<number>;
  /** The class of idle clips ("no motion"), learned like the others but never an event; null when there is none. */
  readonly idleClass: string | null;
  /** How each class takes mirroring (class name → rule); a class left out is never mirrored. */
  readonly mirror: Readonly<Record<string, MirrorRule>>;
}

export interface MotionTrainParams extends FitSettings {
  /** Share of each class's clips held out to measure validation loss and accuracy. */
  readonly validationFraction: number;
  readonly seed: number;
  readonly augment: MotionAugmentSettings;
  readonly net: MotionNetSpec;
}

/**
 * A motion network is small and its augmented copies many, so it takes more epochs than a pose head
 * at a higher rate before the validation loss settles; early stopping ends it when it does.
 */
export const DEFAULT_MOTION_TRAIN_PARAMS: MotionTrainParams = {
  epochs: 100,
  batchSize: 16,
  learningRate: 0.003,
  learningRateDecay: true,
  earlyStopping: true,
  // The validation loss can stay flat for about ten epochs before the network starts to learn, and
  // with a clip or two a class held out it is noisy, so early stopping looks from epoch 50 on. Measured
  // in bench:motion-videos: from epoch 1 it kept epoch 5's weights (two of eight motions never fired
  // live); from epoch 20 it kept epochs 20–30 in three runs out of four, which recognised 77–90% of the
  // test motions, against 94% for the run that trained on.
  patience: 20,
  minEpochs: 50,
  validationFraction: 0.2,
  seed: 42,
  augment: DEFAULT_MOTION_AUGMENT,
  net: DEFAULT_MOTION_NET,
};

/** A class needs a few clips to be held out from and still be learned (mirrored clips of its partner count). */
export const MIN_CLIPS_PER_CLASS = 3;

/** A trained model with its training record (history, best epoch, early stop), or a cancelled run's history. */
export type MotionTrainResult =
  | ({ readonly status: 'trained'; readonly model: MotionModel } & Omit<FitOutcome, 'cancelled'>)
  | { readonly status: 'cancelled'; readonly history: readonly EpochReport[] };

/**
 * Throws a `TrainingError` saying what to change when `set` cannot train a motion model: fewer than
 * two classes, a class with too few clips, an idle class that is not one of them, mirror pairs that
 * do not name each other. Throws a RangeError for a clip at another rate than `rate` or with no
 * frames (a caller's bug: clips are recorded at the network's rate).
 */
export function checkMotionTrainable(set: MotionTrainingSet, rate: number): void {
  if (set.classNames.length < 2) throw new TrainingError('too-few-classes', 'Add at least two motion classes to train (an idle "no motion" class counts).');
  if (set.idleClass !== null && !set.classNames.includes(set.idleClass)) throw new TrainingError('bad-params', `The "no motion" class "${set.idleClass}" is not one of the motion classes.`);
  if (set.labels.length !== set.clips.length) throw new RangeError(`${set.labels.length} labels for ${set.clips.length} clips.`);
  const counts = new Array<number>(set.classNames.length).fill(0);
  for (let i = 0; i < set.clips.length; i += 1) {
    const clip = set.clips[i];
    if (clip.rate !== rate || clip.frames === 0) throw new RangeError(`Clip ${i} has ${clip.frames} frames at ${clip.rate} frames/s; the network takes clips at ${rate} frames/s.`);
    const label = set.labels[i];
    counts[label] += 1;
    const mirrored = mirrorLabel(label, set.classNames, set.mirror);
    if (mirrored !== null && mirrored !== label) counts[mirrored] += 1;
  }
  const short = set.classNames.filter((_, i) => counts[i] < MIN_CLIPS_PER_CLASS);
  if (short.length > 0) {
    const list = short.map((name) => `"${name}"`).join(', ');
    throw new TrainingError('too-few-samples', `Record at least ${MIN_CLIPS_PER_CLASS} clips of every motion before training (too few in ${list}).`);
  }
}

/** The numbers a person can set, with the limits the pose head has (lib/train `TRAIN_PARAM_LIMITS`). */
const RANGED_PARAMS = [
  ['epochs', 'Epochs'],
  ['batchSize', 'Batch size'],
  ['learningRate', 'Learning rate'],
  ['validationFraction', 'Validation share'],
  ['patience', 'Patience'],
] as const;

/** Returns a filled-in, range-checked copy of `params`; never mutates the caller's object. */
export function resolveMotionTrainParams(params: Partial<MotionTrainParams> = {}): MotionTrainParams {
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const p: MotionTrainParams = { ...DEFAULT_MOTION_TRAIN_PARAMS, ...given };
  for (const [key, name] of RANGED_PARAMS) {
    const [min, max] = TRAIN_PARAM_LIMITS[key];
    if (!(p[key] >= min && p[key] <= max)) throw new TrainingError('bad-params', `${name} must be between ${min} and ${max}.`);
  }
  const { augment } = p;
  for (const [key, name] of [['copies', 'Augmented copies'], ['partials', 'Partial windows'], ['jolts', 'Jolted idle windows']] as const) {
    if (!(Number.isInteger(augment[key]) && augment[key] >= 0 && augment[key] <= 50)) throw new TrainingError('bad-params', `${name} must be a whole number from 0 to 50.`);
  }
  if (!(augment.speed >= 0 && augment.warp >= 0 && augment.warp < 1 && augment.rotationDegrees >= 0 && augment.scale >= 0 && augment.scale < 1 && augment.jitter >= 0)) {
    throw new TrainingError('bad-params', 'Motion augmentation takes a speed change and rotation of 0 or more, a warp and scale from 0 to below 1, and a jitter of 0 or more.');
  }
  const [shownFrom, shownTo] = augment.partialShown;
  if (!(shownFrom > 0 && shownFrom <= shownTo && shownTo < 1 && augment.partialUnfinished >= 0 && augment.partialUnfinished <= 1 && ['motion', 'clip'].includes(augment.partialOf))) {
    throw new TrainingError('bad-params', "Partial windows show a share of a clip's motion or of the clip from above 0 to below 1 (from no more than to), and their unfinished share is from 0 to 1.");
  }
  if (!(augment.justEnded >= 0 && augment.justEnded <= 1)) throw new TrainingError('bad-params', 'The share of windows that end with their motion is from 0 to 1.');
  return { ...p, epochs: Math.round(p.epochs), batchSize: Math.round(p.batchSize), patience: Math.round(p.patience) };
}

/**
 * Trains a motion network on `set`'s clips, a stratified share of them held out for validation. Each
 * clip, training or held out, gives windows placed at random (`shift`), or for a motion class a share
 * `augment.justEnded` ending as the motion does: the clip, `augment.copies` augmented copies (half of
 * them mirrored where the class allows), and, with an idle class,
 * `augment.partials` windows showing only part of a motion and `augment.jolts` windows of each idle
 * clip with the resting hand jolting (`joltClip`), labelled idle. Epoch
 * reports, early stopping and Cancel work as for poses (lib/train `fitClassifier`), on a twin of the
 * network whose convolutions train on every backend (`createTrainableMotionNetwork`). Every tensor
 * made here is freed before it resolves; the returned model is the caller's to dispose.
 */
export async function trainMotionModel(set: MotionTrainingSet, params: Partial<MotionTrainParams> = {}, callbacks: TrainCallbacks = {}): Promise<MotionTrainResult> {
  const p = resolveMotionTrainParams(params);
  checkMotionTrainable(set, p.net.rate);
  const random = createRandom(p.seed);
  const split = stratifiedSplit(set.labels, p.validationFraction, p.seed);
  // Shuffled here from the seed, once: fit's own shuffle is not seeded.
  const train = shuffled(examples(set, split.train, p, random), random);
  // The held-out clips are varied and placed as the training clips are (never trained on): with a
  // clip or two a class, centred clips alone made a validation loss so noisy that early stopping kept
  // an epoch-20 network that took swipes for waves live (bench:motion-videos, 77% recognised).
  const validation = split.validation.length > 0 ? examples(set, split.validation, p, random) : null;
  const trainable = createTrainableMotionNetwork(p.net, set.classNames.length, p.seed);
  const data = [toTensors(train, p.net, set.classNames.length), ...(validation ? [toTensors(validation, p.net, set.classNames.length)] : [])];
  let outcome: FitOutcome;
  let network: tf.LayersModel | null = null;
  try {
    outcome = await fitClassifier(trainable, { inputs: data[0][0], targets: data[0][1], validation: data[1] ?? null }, { ...p, shuffle: false }, callbacks);
    if (outcome.cancelled) return { status: 'cancelled', history: outcome.history };
    // The plain Conv1D twin is what is kept: saved, exported and run live.
    network = createMotionNetwork(p.net, set.classNames.length, p.seed);
    network.setWeights(trainable.getWeights());
  } catch (error) {
    network?.dispose();
    throw error;
  } finally {
    tf.dispose(data.flat());
    trainable.dispose();
  }
  const model = createMotionModel(network, p.net, set.classNames, set.idleClass);
  return { status: 'trained', model, history: outcome.history, bestEpoch: outcome.bestEpoch, stoppedEarly: outcome.stoppedEarly };
}

interface Example {
  /** [windowFrames × MOTION_ROW_SIZE] */
  readonly rows: Float32Array;
  readonly label: number;
}

/** The windows that `rows` of the set give: each clip and its augmented copies placed at random (`shift`) or ending with their motion (`justEnded`), mirrors where allowed, partial and jolted windows as idle. */
function examples(set: MotionTrainingSet, rows: readonly number[], p: MotionTrainParams, random: () => number): Example[] {
  const frames = p.net.windowFrames;
  const idle = set.idleClass === null ? -1 : set.classNames.indexOf(set.idleClass);
  const out: Example[] = [];
  const place = (clip: MotionClip, label: number) => {
    // No draw at 0, so a run without these windows is the run before they were added.
    if (label !== idle && p.augment.justEnded > 0 && random() < p.augment.justEnded) {
      out.push({ rows: fitToWindow(clip, frames, justEndedOffset(clip, frames, random)), label });
      return;
    }
    const offset = p.augment.shift ? randomOffset(clip.frames, frames, random) : centredOffset(clip.frames, frames);
    out.push({ rows: fitToWindow(clip, frames, offset), label });
  };
  for (const row of rows) {
    const clip = set.clips[row];
    const label = set.labels[row];
    const mirrored = mirrorLabel(label, set.classNames, set.mirror);
    place(clip, label);
    // A partner class may have no clips of its own: its original is the mirrored clip.
    if (mirrored !== null && mirrored !== label) place(mirrorClip(clip), mirrored);
    for (let copy = 0; copy < p.augment.copies; copy += 1) {
      const varied = augmentClip(clip, p.augment, random);
      if (mirrored !== null && random() < 0.5) place(mirrorClip(varied), mirrored);
      else place(varied, label);
    }
    if (label === idle) {
      for (let i = 0; i < p.augment.jolts; i += 1) place(joltClip(augmentClip(clip, p.augment, random), random), idle);
    } else if (idle >= 0) {
      for (let i = 0; i < p.augment.partials; i += 1) {
        const varied = augmentClip(clip, p.augment, random);
        out.push({ rows: fitToWindow(varied, frames, partialOffset(varied, frames, p.augment, random)), label: idle });
      }
    }
  }
  return out;
}

/** Network inputs [n, windowFrames, inputSize] and one-hot targets [n, classes]; the caller disposes both. */
function toTensors(list: readonly Example[], net: MotionNetSpec, classCount: number): [tf.Tensor3D, tf.Tensor2D] {
  const size = net.windowFrames * motionInputSize(net.input);
  const flat = new Float32Array(list.length * size);
  list.forEach((example, i) => flat.set(windowInput(example.rows, net.input, net.sizeScale), i * size));
  const xs = tf.tensor3d(flat, [list.length, net.windowFrames, motionInputSize(net.input)]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(list.map((e) => e.label), 'int32'), classCount).toFloat() as tf.Tensor2D);
  return [xs, ys];
}

/** How `model` classifies clips of known classes, each centred in the window: the confusion matrix and accuracies. */
export async function evaluateMotionClips(model: MotionModel, clips: readonly MotionClip[], labels: ArrayLike<number>): Promise<Evaluation> {
  const predicted: number[] = [];
  for (const clip of clips) {
    predicted.push(argMax(await model.classify(fitToWindow(clip, model.spec.windowFrames, centredOffset(clip.frames, model.spec.windowFrames)))));
  }
  return evaluatePredictions(model.classNames, labels, predicted);
}
