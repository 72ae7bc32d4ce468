import * as tf from '@tensorflow/tfjs';
import {
  checkTrainable,
  createEarlyStopping,
  createHeadModel,
  createRandom,
  decayedLearningRate,
  DEFAULT_DECAY,
  ModelRestoreError,
  FINE_TUNE_LEARNING_RATE_FACTOR,
  resolveTrainParams,
  restoreWeights,
  saveModelArtifacts,
  setLearningRate,
  shuffled,
  snapshotWeights,
  stratifiedSplit,
  TrainingError,
  type EpochReport,
  type TrainParams,
} from '../train';
import { batchTensors, checkFineTuneSet, gatherSamples, type FineTuneSet, type Samples } from './samples';
import { buildModel, copyTop, layersOf, type SplitBackbone } from './split-backbone';
import { createTrainableForward } from './trainable-forward';

export interface FineTuneParams extends TrainParams {
  /** Learning rate of the unfrozen backbone blocks; default `learningRate` × 0.1 (FINE_TUNE_LEARNING_RATE_FACTOR). */
  readonly backboneLearningRate: number;
}

/** The backbone may train as slowly as a tenth of the slowest head rate, and never faster than the fastest. */
export const BACKBONE_LEARNING_RATE_LIMITS: readonly [number, number] = [1e-6, 1];

/** Cut activations of a validation batch; larger than a training batch, since no gradients are kept. */
const EVALUATION_BATCH = 64;

export interface FineTuneCallbacks {
  onEpoch?: (report: EpochReport) => void;
  /** Aborting stops training after the current batch; the partly trained copy is discarded. */
  signal?: AbortSignal;
}

export type FineTuneResult =
  | {
      readonly status: 'trained';
      readonly classifier: FineTunedClassifier;
      readonly history: readonly EpochReport[];
      /** The epoch whose weights the classifier carries: the best validation epoch under early stopping, else the last. */
      readonly bestEpoch: number;
      /** True when early stopping ended training before `epochs`. */
      readonly stoppedEarly: boolean;
    }
  | { readonly status: 'cancelled'; readonly history: readonly EpochReport[] };

/**
 * A fine-tuned top plus its head. It owns both (and disposes them); the split's bottom stays the
 * split's, so the split must outlive the classifier.
 */
export interface FineTunedClassifier {
  readonly classNames: readonly string[];
  /** The fine-tuned copy of the top blocks, [batch, ...cutShape] → [batch, channels]. Owned here: for saving, not disposing. */
  readonly top: tf.LayersModel;
  /** The head, [batch, channels] → probabilities [batch, classes]. Owned here: for saving, not disposing. */
  readonly head: tf.LayersModel;
  /** `pixels` [batch, 224, 224, 3], 0..255 → probabilities [batch, classes]; the caller disposes. Synchronous. */
  classify(pixels: tf.Tensor4D): tf.Tensor2D;
  /** Cut activations [batch, ...cutShape] → probabilities [batch, classes]; the caller disposes. For evaluation on cached rows. */
  classifyActivations(activations: tf.Tensor4D): tf.Tensor2D;
  /**
   * The trained part (the fine-tuned top blocks, then the head) as one layers model, cut activations
   * [batch, ...cutShape] → probabilities, in plain memory (`saveModelArtifacts`); leaves no tensor.
   * `loadFineTunedClassifier` rebuilds the classifier from it.
   */
  save(): Promise<tf.io.ModelArtifacts>;
  /** Frees the top copy and the head (not the split). Calls after this throw. */
  dispose(): void;
}

/** Returns a filled-in, range-checked copy of `params`; never mutates the caller's object. */
export function resolveFineTuneParams(params: Partial<FineTuneParams> = {}): FineTuneParams {
  const { backboneLearningRate, ...rest } = params;
  const resolved = resolveTrainParams(rest);
  const rate: unknown = backboneLearningRate ?? resolved.learningRate * FINE_TUNE_LEARNING_RATE_FACTOR;
  const [min, max] = BACKBONE_LEARNING_RATE_LIMITS;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < min || rate > max) {
    throw new TrainingError('bad-params', `Backbone learning rate must be between ${min} and ${max}.`);
  }
  return { ...resolved, backboneLearningRate: rate };
}

/**
 * Fine-tunes a copy of `split.top` together with a new head on cached cut activations: the head at
 * `learningRate`, the top blocks at `backboneLearningRate` (each with its own Adam), both decayed
 * together when `learningRateDecay` is on. The top's batch norms run in inference mode throughout.
 * Gradients come from `createTrainableForward` (plain ops), not from the Keras conv layers, whose
 * gradient kernels the WASM backend lacks. `split.top` itself is left as it was, so the next
 * fine-tune starts from ImageNet again.
 *
 * Everything made here (batches, gradients, both optimizers' state, weight snapshots) is freed before
 * it resolves; the returned classifier is the only thing left, and the caller owns it. Throws a
 * `TrainingError` for too few samples or bad params, a RangeError when rows do not fit `split.cutShape`.
 */
export async function fineTune(split: SplitBackbone, set: FineTuneSet, params: Partial<FineTuneParams> = {}, callbacks: FineTuneCallbacks = {}): Promise<FineTuneResult> {
  checkTrainable({ classNames: [...set.classNames], embeddings: [...set.activations], labels: set.labels });
  const p = resolveFineTuneParams(params);
  checkFineTuneSet(set, split.cutShape);
  const { signal } = callbacks;
  const history: EpochReport[] = [];
  if (signal?.aborted) return { status: 'cancelled', history };

  const classCount = set.classNames.length;
  const rows = stratifiedSplit(set.labels, p.validationFraction, p.seed);
  const train = gatherSamples(set, rows.train, true);
  const validation = rows.validation.length > 0 ? gatherSamples(set, rows.validation, false) : null;
  const random = createRandom(p.seed + 1); // the split used `seed`; the epoch shuffles get their own stream

  const top = copyTop(split.top);
  const head = createHeadModel({ embeddingSize: embeddingSize(top), classCount, hiddenUnits: p.hiddenUnits, seed: p.seed });
  const trainable = [...top.trainableWeights, ...head.trainableWeights];
  const step = createTrainStep(top, head);
  const stopper = validation && p.earlyStopping ? createEarlyStopping({ patience: p.patience }) : null;
  // The trainable weights of the best epoch so far, while early stopping runs.
  let best: tf.Tensor[] = [];
  let stoppedEarly = false;
  let trained = false;
  try {
    for (let epoch = 1; epoch <= p.epochs && !stoppedEarly; epoch += 1) {
      const scale = p.learningRateDecay ? decayedLearningRate(1, epoch, DEFAULT_DECAY) : 1;
      step.setLearningRates(p.learningRate * scale, p.backboneLearningRate * scale);
      const order = shuffled(
        Array.from({ length: train.vectors.length }, (_, i) => i),
        random,
      );
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < order.length; start += p.batchSize) {
        if (signal?.aborted) return { status: 'cancelled', history };
        const batch = order.slice(start, start + p.batchSize);
        // The batch's tensors go with the tidy; the two scalars step.run returns stay.
        const [loss, right] = tf.tidy(() => step.run(...batchTensors(train, batch, split.cutShape, classCount)));
        const [lossValue, rightValue] = await Promise.all([loss.data(), right.data()]);
        tf.dispose([loss, right]);
        lossSum += lossValue[0] * batch.length;
        correct += rightValue[0];
        // Lets the page paint and handle input between batches.
        await tf.nextFrame();
      }
      const scored = validation ? await evaluate(top, head, validation, split.cutShape, classCount) : null;
      const report: EpochReport = {
        epoch,
        epochs: p.epochs,
        loss: lossSum / order.length,
        accuracy: correct / order.length,
        validationLoss: scored?.loss ?? null,
        validationAccuracy: scored?.accuracy ?? null,
        learningRate: p.learningRate * scale,
      };
      history.push(report);
      if (stopper && scored) {
        const { improved, stop } = stopper.update(epoch, scored.loss);
        if (improved) {
          tf.dispose(best);
          best = snapshotWeights(trainable);
        }
        stoppedEarly = stop && epoch < p.epochs;
      }
      callbacks.onEpoch?.(report);
      if (signal?.aborted) return { status: 'cancelled', history };
    }
    if (stopper && best.length > 0 && stopper.bestEpoch !== history.length) restoreWeights(trainable, best);
    trained = true;
  } finally {
    tf.dispose(best);
    // Disposing the models leaves the optimizers' slots (Adam's moments) alive: free them explicitly.
    step.dispose();
    if (!trained) {
      top.dispose();
      head.dispose();
    }
  }
  const bestEpoch = stopper && stopper.bestEpoch > 0 ? stopper.bestEpoch : history.length;
  return { status: 'trained', classifier: createFineTunedClassifier(split, top, head, set.classNames), history, bestEpoch, stoppedEarly };
}

interface TrainStep {
  setLearningRates(head: number, backbone: number): void;
  /** One update of top and head on a batch; returns [mean loss, correct count] scalars for the caller to dispose. */
  run(xs: tf.Tensor4D, ys: tf.Tensor2D): [tf.Scalar, tf.Scalar];
  /** Frees both optimizers' state. */
  dispose(): void;
}

/**
 * A custom step rather than `fit`: the two parts need different learning rates, so each gets its own
 * Adam and its own share of one gradient computation.
 */
function createTrainStep(top: tf.LayersModel, head: tf.LayersModel): TrainStep {
  // Adam starts at a placeholder rate; setLearningRates sets the real ones before the first batch.
  const topOptimizer = tf.train.adam(1e-3);
  const headOptimizer = tf.train.adam(1e-3);
  const topForward = createTrainableForward(top);
  // A LayerVariable's read() is its core tf.Variable, what gradients and optimizers address by name.
  const topVariables = top.trainableWeights.map((w) => w.read() as tf.Variable);
  const headVariables = head.trainableWeights.map((w) => w.read() as tf.Variable);
  // A variable with no path to the loss (say, a unit ReLU kept at 0 all batch) has no gradient.
  const pick = (grads: tf.NamedTensorMap, variables: readonly tf.Variable[]) =>
    variables.filter((v) => grads[v.name] !== undefined).map((v) => ({ name: v.name, tensor: grads[v.name] }));
  return {
    setLearningRates: (headRate, backboneRate) => {
      setLearningRate(headOptimizer, headRate);
      setLearningRate(topOptimizer, backboneRate);
    },
    run: (xs, ys) =>
      tf.tidy(() => {
        const kept: { correct?: tf.Scalar } = {};
        const { value, grads } = tf.variableGrads(() => {
          const probabilities = head.apply(topForward(xs), { training: true }) as tf.Tensor2D; // [n, classes]
          // Kept past the gradient scope; argMax is off the loss's path, so it costs no gradient.
          kept.correct = tf.keep(countCorrect(probabilities, ys));
          return meanCrossEntropy(ys, probabilities);
        }, [...topVariables, ...headVariables]);
        topOptimizer.applyGradients(pick(grads, topVariables));
        headOptimizer.applyGradients(pick(grads, headVariables));
        return [value, kept.correct as tf.Scalar];
      }),
    dispose: () => {
      topOptimizer.dispose();
      headOptimizer.dispose();
    },
  };
}

/**
 * [n, ...cutShape] → probabilities [n, classes] through the Keras layers (fused kernels, fast on every
 * backend), batch norms in inference mode. Training differentiates `createTrainableForward` instead,
 * which computes the same thing.
 */
function predict(top: tf.LayersModel, head: tf.LayersModel, activations: tf.Tensor4D): tf.Tensor2D {
  return head.predict(top.predict(activations) as tf.Tensor2D) as tf.Tensor2D;
}

/** The same loss `compile({ loss: 'categoricalCrossentropy' })` uses for the head-only path. */
function meanCrossEntropy(ys: tf.Tensor2D, probabilities: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.metrics.categoricalCrossentropy(ys, probabilities));
}

function countCorrect(probabilities: tf.Tensor2D, ys: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), tf.argMax(ys, 1)), 'float32'));
}

/** Mean loss and accuracy over `samples`, batch by batch; frees what it makes. */
async function evaluate(top: tf.LayersModel, head: tf.LayersModel, samples: Samples, cutShape: readonly [number, number, number], classCount: number): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < samples.vectors.length; start += EVALUATION_BATCH) {
    const indices = Array.from({ length: Math.min(EVALUATION_BATCH, samples.vectors.length - start) }, (_, i) => start + i);
    const sums = tf.tidy(() => {
      const [xs, ys] = batchTensors(samples, indices, cutShape, classCount);
      const probabilities = predict(top, head, xs);
      return tf.stack([tf.sum(tf.metrics.categoricalCrossentropy(ys, probabilities)), countCorrect(probabilities, ys)]); // [2]
    });
    const [loss, right] = await sums.data();
    sums.dispose();
    lossSum += loss;
    correct += right;
  }
  return { loss: lossSum / samples.vectors.length, accuracy: correct / samples.vectors.length };
}

function embeddingSize(top: tf.LayersModel): number {
  const [output] = top.outputs;
  return output.shape[output.shape.length - 1] as number;
}

function createFineTunedClassifier(split: SplitBackbone, top: tf.LayersModel, head: tf.LayersModel, classNames: readonly string[]): FineTunedClassifier {
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error('This fine-tuned classifier has been disposed.');
  };
  const fromActivations = (activations: tf.Tensor4D) => predict(top, head, activations);
  return {
    classNames: [...classNames],
    top,
    head,
    classify: (pixels) => {
      alive();
      return tf.tidy(() => fromActivations(split.bottom(pixels))); // [batch, classes]
    },
    classifyActivations: (activations) => {
      alive();
      return tf.tidy(() => fromActivations(activations)); // [batch, classes]
    },
    save: async () => {
      alive();
      const network = buildModel(split.cutShape, [...layersOf(top), ...layersOf(head)]);
      try {
        return await saveModelArtifacts(network);
      } finally {
        network.dispose();
      }
    },
    dispose: () => {
      alive();
      disposed = true;
      top.dispose();
      head.dispose();
    },
  };
}

/**
 * Rebuilds what `FineTunedClassifier.save` saved on `split` (the bottom it runs on): the classifier
 * predicts exactly as the saved one did. Rejects with a `ModelRestoreError` when the network does
 * not take `split`'s cut activations (it was fine-tuned on another backbone or at another cut) or
 * does not give one output per class name. The classifier is the caller's; the split must outlive it.
 */
export async function loadFineTunedClassifier(split: SplitBackbone, artifacts: tf.io.ModelArtifacts, classNames: readonly string[]): Promise<FineTunedClassifier> {
  const network = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  try {
    const [, ...inputShape] = network.inputs[0].shape;
    const layers = layersOf(network);
    // The top ends with its global pooling; the head's dense layers follow.
    const pool = layers.findIndex((layer) => layer.getClassName() === 'GlobalAveragePooling2D');
    const outputs = network.outputs[0].shape[1];
    const fits = network.inputs.length === 1 && network.outputs.length === 1 && inputShape.join() === split.cutShape.join() && pool > 0 && outputs === classNames.length;
    if (!fits) {
      throw new ModelRestoreError(
        `This fine-tuned model takes activations of shape [${inputShape.join(', ')}] and gives ${String(outputs)} outputs, but the loaded backbone cut after ${split.trainableBlocks === 1 ? 'one block' : 'two blocks'} gives [${split.cutShape.join(', ')}] and there are ${classNames.length} classes: it was made with another backbone, so train again.`,
      );
    }
    const top = buildModel(split.cutShape, layers.slice(0, pool + 1));
    const head = buildModel([embeddingSize(top)], layers.slice(pool + 1));
    return createFineTunedClassifier(split, top, head, classNames);
  } finally {
    network.dispose();
  }
}
