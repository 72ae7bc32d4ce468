import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadModel, createRandom, stratifiedSplit, TrainingError } from '../train';
import { fineTune, resolveFineTuneParams, type FineTunedClassifier, type FineTuneParams } from './fine-tune';
import type { FineTuneSet } from './samples';
import { splitLayersModel, type SplitBackbone } from './split-backbone';
import { createStubMobileNet, STUB_INPUT } from './test-models';

const CLASSES = ['red', 'green', 'blue'];
const PER_CLASS = 12;

/** Random 0..255 pixels for the stub: [n, 16, 16, 3]. */
function randomImages(n: number, seed: number): tf.Tensor4D {
  const random = createRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * STUB_INPUT * STUB_INPUT * 3 }, () => random() * 255), [n, STUB_INPUT, STUB_INPUT, 3]);
}

/**
 * A separable set made directly at the cut ([4, 4, 16] for one block of the stub): each class has its
 * own non-negative mean pattern (as after a ReLU), plus noise. The stub's random bottom would blur
 * any pixel-level difference, and fine-tuning only ever sees cut activations anyway.
 */
function separableRows(labels: readonly number[], cutSize: number, seed: number): Float32Array[] {
  const patterns = CLASSES.map((_, k) => {
    const random = createRandom(1000 + k); // the same patterns for every call; only the noise follows `seed`
    return Float32Array.from({ length: cutSize }, () => 2 * random());
  });
  const random = createRandom(seed);
  return labels.map((label) => patterns[label].map((v) => Math.max(0, v + 0.8 * (random() - 0.5))));
}

const classLabels = (perClass: number) => CLASSES.flatMap((_, k) => new Array<number>(perClass).fill(k));

function separableSet(cutSize: number, perClass: number, seed: number): FineTuneSet {
  const labels = classLabels(perClass);
  return { classNames: CLASSES, activations: separableRows(labels, cutSize, seed), labels: Int32Array.from(labels) };
}

/** Largest element-wise change between two lists of same-shaped tensors. */
function maxChange(after: readonly tf.Tensor[], before: readonly tf.Tensor[]): number {
  return tf.tidy(() => Math.max(...after.map((a, i) => tf.max(tf.abs(tf.sub(a, before[i]))).dataSync()[0])));
}

const valuesOf = (model: tf.LayersModel, names: readonly string[]) => names.map((name) => model.getLayer(name).getWeights());

let split: SplitBackbone;
let set: FineTuneSet;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  split = splitLayersModel(createStubMobileNet(), 0.25, 1);
  set = separableSet(4 * 4 * 16, PER_CLASS, 11);
});

afterAll(() => split.dispose());

const FAST: Partial<FineTuneParams> = { epochs: 15, batchSize: 8, learningRate: 0.01, hiddenUnits: 16, validationFraction: 0.25, seed: 3, learningRateDecay: false };

describe('fineTune', () => {
  it('learns a separable set; leaves exactly the classifier’s weights behind, and nothing once it is disposed', async () => {
    const before = tf.memory().numTensors;
    const reports: number[] = [];
    // The stub's random top gives low-contrast embeddings, so the head needs a brisk rate to get there in 15 epochs.
    const result = await fineTune(split, set, { ...FAST, learningRate: 0.05, earlyStopping: false }, { onEpoch: (r) => reports.push(r.epoch) });
    if (result.status !== 'trained') throw new Error('expected a trained classifier');
    const { classifier, history } = result;
    expect(tf.memory().numTensors - before).toBe(classifier.top.weights.length + classifier.head.weights.length);

    expect(reports).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(result.bestEpoch).toBe(15);
    expect(result.stoppedEarly).toBe(false);
    const [first, last] = [history[0], history[history.length - 1]];
    expect(last.loss).toBeLessThan(first.loss / 3);
    expect(last.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(last.validationAccuracy).toBe(1);
    expect(last.learningRate).toBe(0.05);
    expect(classifier.classNames).toEqual(CLASSES);

    // Fresh rows of each class, never seen in training.
    const freshLabels = [0, 1, 2, 2, 1, 0];
    const rows = separableRows(freshLabels, 4 * 4 * 16, 99);
    const fresh = tf.tensor4d(Float32Array.from(rows.flatMap((r) => Array.from(r))), [6, 4, 4, 16]);
    let mark = tf.memory().numTensors;
    const probabilities = classifier.classifyActivations(fresh);
    expect(tf.memory().numTensors - mark).toBe(1);
    expect(probabilities.shape).toEqual([6, 3]);
    expect(Array.from(tf.tidy(() => tf.argMax(probabilities, 1).dataSync()))).toEqual(freshLabels);

    // classify(pixels) is classifyActivations(bottom(pixels)).
    const pixels = randomImages(2, 4);
    mark = tf.memory().numTensors;
    const fromPixels = classifier.classify(pixels);
    expect(tf.memory().numTensors - mark).toBe(1);
    const cut = split.bottom(pixels);
    const viaActivations = classifier.classifyActivations(cut);
    expect(fromPixels.shape).toEqual([2, 3]);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(viaActivations, fromPixels))).dataSync()[0])).toBeLessThan(1e-6);

    tf.dispose([fresh, probabilities, pixels, fromPixels, cut, viaActivations]);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => classifier.classifyActivations(cut)).toThrow(/disposed/);
  });

  it('trains the top 10x slower than the head by default (first Adam step moves each weight by about its rate)', async () => {
    const trainable = ['conv_dw_13', 'conv_pw_13'];
    const step = async (params: Partial<FineTuneParams>): Promise<{ top: number; head: number; classifier: FineTunedClassifier }> => {
      // One epoch in one batch, without validation: exactly one update. Adam's first step is lr·g/(|g| + ε) per weight.
      const result = await fineTune(split, set, { ...FAST, epochs: 1, batchSize: 512, validationFraction: 0, ...params }, {});
      if (result.status !== 'trained') throw new Error('expected a trained classifier');
      const { classifier } = result;
      const initialHead = createHeadModel({ embeddingSize: 16, classCount: 3, hiddenUnits: 16, seed: FAST.seed as number });
      const top = maxChange(valuesOf(classifier.top, trainable).flat(), valuesOf(split.top, trainable).flat());
      const head = maxChange(classifier.head.getWeights(), initialHead.getWeights());
      initialHead.dispose();
      return { top, head, classifier };
    };

    const byDefault = await step({ learningRate: 0.01 });
    expect(byDefault.head).toBeCloseTo(0.01, 4);
    expect(byDefault.top).toBeCloseTo(0.001, 5);

    // The copy trained; the split's top and the full model under the bottom did not.
    const { classifier } = byDefault;
    const pristine = splitLayersModel(createStubMobileNet(), 0.25, 1);
    expect(maxChange(split.top.getWeights(), pristine.top.getWeights())).toBe(0);
    pristine.dispose();
    // Batch norms ran in inference mode: moving statistics as loaded, while gamma and beta trained.
    for (const name of ['conv_dw_13_bn', 'conv_pw_13_bn']) {
      const [gamma, beta, mean, variance] = classifier.top.getLayer(name).getWeights();
      const [gamma0, beta0, mean0, variance0] = split.top.getLayer(name).getWeights();
      expect(maxChange([mean, variance], [mean0, variance0])).toBe(0);
      expect(maxChange([gamma, beta], [gamma0, beta0])).toBeCloseTo(0.001, 5);
    }
    classifier.dispose();

    const explicit = await step({ learningRate: 0.01, backboneLearningRate: 0.003 });
    expect(explicit.top).toBeCloseTo(0.003, 5);
    explicit.classifier.dispose();
  });

  it('stops early on a set it cannot learn and hands back the best validation epoch’s weights', async () => {
    // Labels unrelated to the images: the head memorises the training rows and validation loss climbs.
    const random = createRandom(5);
    const noisy: FineTuneSet = { ...set, labels: Int32Array.from(set.labels, () => Math.floor(random() * 3)) };
    const before = tf.memory().numTensors;
    const result = await fineTune(split, noisy, { ...FAST, epochs: 60, learningRate: 0.05, hiddenUnits: 64, earlyStopping: true, patience: 3 }, {});
    if (result.status !== 'trained') throw new Error('expected a trained classifier');
    const { classifier, history, bestEpoch } = result;
    expect(result.stoppedEarly).toBe(true);
    expect(history).toHaveLength(bestEpoch + 3);
    const losses = history.map((r) => r.validationLoss as number);
    expect(losses[bestEpoch - 1]).toBeLessThanOrEqual(Math.min(...losses) + 1e-4);
    expect(losses[losses.length - 1]).toBeGreaterThan(losses[bestEpoch - 1]);

    // Re-scoring the validation rows gives the best epoch's loss, not the last one's.
    const { validation } = stratifiedSplit(noisy.labels, FAST.validationFraction as number, FAST.seed as number);
    const loss = tf.tidy(() => {
      const xs = tf.tensor4d(Float32Array.from(validation.flatMap((row) => Array.from(noisy.activations[row]))), [validation.length, ...split.cutShape]);
      const ys = tf.oneHot(tf.tensor1d(Int32Array.from(validation, (row) => noisy.labels[row]), 'int32'), 3);
      return tf.mean(tf.metrics.categoricalCrossentropy(ys, classifier.classifyActivations(xs))).dataSync()[0];
    });
    expect(loss).toBeCloseTo(losses[bestEpoch - 1], 5);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('decays both learning rates together', async () => {
    // One batch per epoch keeps the 16 epochs the default decay needs (a step every 15) quick.
    const result = await fineTune(split, set, { ...FAST, epochs: 16, batchSize: 512, earlyStopping: false, learningRateDecay: true }, {});
    if (result.status !== 'trained') throw new Error('expected a trained classifier');
    expect(result.history.map((r) => r.learningRate)).toEqual([...new Array<number>(15).fill(0.01), 0.005]);
    result.classifier.dispose();
  });

  it('trains on augmented views of training rows, and validates on the original rows only', async () => {
    // Every row gets one all-zeros view with the row's label: three classes share one input, so at most
    // a third of the views can be right, while the originals stay easy to tell apart.
    const zeros = new Float32Array(set.activations[0].length);
    const withViews: FineTuneSet = { ...set, augmented: set.activations.map(() => [zeros]) };
    const result = await fineTune(split, withViews, { ...FAST, batchSize: 16, learningRate: 0.05, earlyStopping: false }, {});
    if (result.status !== 'trained') throw new Error('expected a trained classifier');
    const last = result.history[result.history.length - 1];
    const trainRows = stratifiedSplit(set.labels, FAST.validationFraction as number, FAST.seed as number).train.length;
    expect(last.accuracy).toBeLessThanOrEqual((trainRows + trainRows / 3) / (2 * trainRows));
    // Scored on views too, validation accuracy could not pass 2/3 either.
    expect(last.validationAccuracy).toBe(1);
    result.classifier.dispose();
  });
});

describe('fineTune cancellation', () => {
  it('stops after the epoch in which the signal fires, and frees everything it made', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await fineTune(split, set, FAST, {
      signal: controller.signal,
      onEpoch: (r) => {
        if (r.epoch === 2) controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops mid-epoch, after the current batch', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const pending = fineTune(split, set, FAST, { signal: controller.signal });
    // fineTune yields a frame after each batch; abort during the first epoch.
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const result = await pending;
    expect(result).toEqual({ status: 'cancelled', history: [] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does nothing when the signal has already fired', async () => {
    const before = tf.memory().numTensors;
    const result = await fineTune(split, set, FAST, { signal: AbortSignal.abort() });
    expect(result).toEqual({ status: 'cancelled', history: [] });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fineTune guards', () => {
  it('refuses too few classes or samples, as head training does', async () => {
    const one: FineTuneSet = { classNames: ['only'], activations: set.activations.slice(0, 6), labels: new Int32Array(6) };
    await expect(fineTune(split, one, FAST, {})).rejects.toMatchObject({ name: 'TrainingError', kind: 'too-few-classes' });
    const few: FineTuneSet = { ...set, activations: set.activations.slice(0, 14), labels: set.labels.slice(0, 14) };
    await expect(fineTune(split, few, FAST, {})).rejects.toMatchObject({ kind: 'too-few-samples' });
  });

  it('rejects rows or views that do not fit the cut shape (a caller bug)', async () => {
    const short: FineTuneSet = { ...set, activations: set.activations.map((a) => a.subarray(1)) };
    await expect(fineTune(split, short, FAST, {})).rejects.toThrow(RangeError);
    const badViews: FineTuneSet = { ...set, augmented: [[new Float32Array(3)]] };
    await expect(fineTune(split, badViews, FAST, {})).rejects.toThrow(/augmented has 1 entries/);
  });

  it('rejects a backbone learning rate out of range, and fills in a tenth of the head rate without mutating the params', async () => {
    await expect(fineTune(split, set, { backboneLearningRate: 0 }, {})).rejects.toBeInstanceOf(TrainingError);
    expect(() => resolveFineTuneParams({ backboneLearningRate: 2 })).toThrow(/Backbone learning rate/);
    const params: Partial<FineTuneParams> = { learningRate: 0.004, epochs: undefined };
    const resolved = resolveFineTuneParams(params);
    expect(resolved.backboneLearningRate).toBeCloseTo(0.0004, 12);
    expect(resolved.epochs).toBe(40);
    expect(params).toEqual({ learningRate: 0.004, epochs: undefined });
  });
});
