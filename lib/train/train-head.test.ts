import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainingSet } from '../dataset';
import { createRandom } from './random';
import { stratifiedSplit } from './split';
import {
  checkTrainable,
  DEFAULT_TRAIN_PARAMS,
  MIN_SAMPLES_PER_CLASS,
  resolveTrainParams,
  trainHead,
  TrainingError,
  type EpochReport,
  type TrainingSetWithViews,
  type TrainParams,
} from './train-head';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Catches a synchronous throw and returns it, so its kind can be checked. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** `classes` Gaussian clusters in `size` dimensions, centres `centre` out on separate axes, sd `sd`. */
function clusters(classes: number, perClass: number, size: number, seed: number, centre = 4, sd = 0.5): TrainingSet {
  const random = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c += 1) {
    for (let i = 0; i < perClass; i += 1) {
      const e = Float32Array.from({ length: size }, (_, d) => (d === c ? centre : 0) + sd * gauss());
      embeddings.push(e);
      labels.push(c);
    }
  }
  return { classNames: Array.from({ length: classes }, (_, c) => `c${c}`), embeddings, labels: Int32Array.from(labels) };
}

describe('resolveTrainParams', () => {
  it('fills every default when given nothing', () => {
    expect(resolveTrainParams()).toEqual(DEFAULT_TRAIN_PARAMS);
    expect(resolveTrainParams()).not.toBe(DEFAULT_TRAIN_PARAMS);
  });

  it('keeps given values, fills the rest and never mutates the caller', () => {
    const given: Partial<TrainParams> = { epochs: 7.4, learningRate: 0.01 };
    const copy = { ...given };
    const p = resolveTrainParams(given);
    expect(p).toEqual({ ...DEFAULT_TRAIN_PARAMS, epochs: 7, learningRate: 0.01 });
    expect(given).toEqual(copy);
    expect(Object.keys(given)).toEqual(['epochs', 'learningRate']);
  });

  it('rounds integer params', () => {
    const p = resolveTrainParams({ epochs: 2.6, batchSize: 8.4, hiddenUnits: 0.4 });
    expect([p.epochs, p.batchSize, p.hiddenUnits]).toEqual([3, 8, 0]);
  });

  it('accepts the limits themselves', () => {
    expect(() => resolveTrainParams({ epochs: 1, batchSize: 512, learningRate: 1e-5, hiddenUnits: 0, validationFraction: 0.5, patience: 1 })).not.toThrow();
    expect(() => resolveTrainParams({ patience: 100 })).not.toThrow();
  });

  it('turns early stopping and learning-rate decay on by default, with patience 8, and keeps switches as given', () => {
    expect(DEFAULT_TRAIN_PARAMS).toMatchObject({ earlyStopping: true, patience: 8, learningRateDecay: true });
    const p = resolveTrainParams({ earlyStopping: false, learningRateDecay: false, patience: 3.6 });
    expect(p).toEqual({ ...DEFAULT_TRAIN_PARAMS, earlyStopping: false, learningRateDecay: false, patience: 4 });
  });

  it.each([
    [{ earlyStopping: 'yes' }, /Early stopping must be on or off/],
    [{ learningRateDecay: 1 }, /Learning-rate decay must be on or off/],
    [{ learningRateDecay: null }, /Learning-rate decay must be on or off/],
  ])('throws a bad-params TrainingError for a switch given as %o', (params, message) => {
    const error = thrown(() => resolveTrainParams(params as unknown as Partial<TrainParams>));
    expect(error).toMatchObject({ name: 'TrainingError', kind: 'bad-params' });
    expect((error as TrainingError).message).toMatch(message);
  });

  it.each([
    [{ epochs: 0 }, /Epochs must be between 1 and 500/],
    [{ epochs: 501 }, /Epochs/],
    [{ batchSize: 0 }, /Batch size must be between 1 and 512/],
    [{ learningRate: 2 }, /Learning rate/],
    [{ learningRate: Number.NaN }, /Learning rate/],
    [{ hiddenUnits: -1 }, /Hidden units/],
    [{ validationFraction: 0.6 }, /Validation share must be between 0 and 0.5/],
    [{ epochs: Number.POSITIVE_INFINITY }, /Epochs/],
    [{ patience: 0 }, /Patience must be between 1 and 100/],
    [{ patience: 101 }, /Patience/],
  ] as [Partial<TrainParams>, RegExp][])('throws a bad-params TrainingError for %o', (params, message) => {
    const error = thrown(() => resolveTrainParams(params));
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).kind).toBe('bad-params');
    expect((error as TrainingError).message).toMatch(message);
  });
});

describe('checkTrainable', () => {
  it('passes a set with two classes of enough samples', () => {
    expect(() => checkTrainable(clusters(2, MIN_SAMPLES_PER_CLASS, 3, 1))).not.toThrow();
  });

  it('throws too-few-classes for fewer than two classes', () => {
    for (const set of [clusters(1, 10, 3, 1), { classNames: [], embeddings: [], labels: new Int32Array(0) }]) {
      const error = thrown(() => checkTrainable(set));
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).kind).toBe('too-few-classes');
    }
  });

  it('throws too-few-samples naming every short class', () => {
    const set = clusters(3, 6, 3, 1);
    const short: TrainingSet = {
      classNames: ['a', 'b', 'c'],
      embeddings: set.embeddings.slice(0, 6 + 4),
      labels: set.labels.slice(0, 6 + 4),
    };
    const error = thrown(() => checkTrainable(short));
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).kind).toBe('too-few-samples');
    expect((error as TrainingError).message).toBe('Record at least 5 samples in every class before training (too few in "b", "c").');
  });

  it('honours a custom minimum', () => {
    const set = clusters(2, 3, 3, 1);
    expect(() => checkTrainable(set, 3)).not.toThrow();
    expect((thrown(() => checkTrainable(set, 4)) as TrainingError).kind).toBe('too-few-samples');
  });
});

describe('trainHead', () => {
  const set = clusters(3, 12, 8, 2024);
  const params: Partial<TrainParams> = { epochs: 30, batchSize: 8, learningRate: 0.01, hiddenUnits: 16, validationFraction: 0.2, seed: 3 };

  it('learns separable clusters, reports every epoch and frees everything but the head', async () => {
    const before = tf.memory().numTensors;
    const seen: EpochReport[] = [];
    const result = await trainHead(set, params, { onEpoch: (r) => seen.push(r) });
    expect(result.status).toBe('trained');
    if (result.status !== 'trained') return;
    const { head, history } = result;

    // Only the head's weights remain: two dense layers, kernel + bias each.
    expect(tf.memory().numTensors - before).toBe(4);

    expect(history).toHaveLength(30);
    expect(seen).toEqual(history);
    expect(history.map((r) => r.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const r of history) {
      expect(r.epochs).toBe(30);
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(typeof r.validationLoss).toBe('number');
      expect(typeof r.validationAccuracy).toBe('number');
    }
    expect(history[29].loss).toBeLessThan(history[0].loss / 2);
    expect(history[29].accuracy).toBeGreaterThanOrEqual(0.95);

    expect(head.classNames).toEqual(['c0', 'c1', 'c2']);
    expect(head.embeddingSize).toBe(8);
    const flat = new Float32Array(set.embeddings.length * 8);
    set.embeddings.forEach((e, i) => flat.set(e, i * 8));
    const x = tf.tensor2d(flat, [set.embeddings.length, 8]);
    const probabilities = head.predict(x);
    const rows = (await probabilities.array()) as number[][];
    tf.dispose([x, probabilities]);
    const predicted = rows.map((row) => row.indexOf(Math.max(...row)));
    const correct = predicted.filter((p, i) => p === set.labels[i]).length;
    expect(correct / set.labels.length).toBeGreaterThanOrEqual(0.95);

    // Data tensors and Adam's slots were freed by trainHead: disposing the head returns to the start.
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensor behind once the head is disposed', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead(set, { ...params, epochs: 3, hiddenUnits: 0 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    expect(tf.memory().numTensors - before).toBe(2);
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports null validation figures when nothing is held out', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead(set, { ...params, epochs: 2, validationFraction: 0 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    expect(result.history.map((r) => [r.validationLoss, r.validationAccuracy])).toEqual([
      [null, null],
      [null, null],
    ]);
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when aborted, returns cancelled and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainHead(set, params, {
      signal: controller.signal,
      onEpoch: (r) => {
        if (r.epoch === 2) controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect('head' in result).toBe(false);
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects untrainable sets and bad params before making any tensor', async () => {
    const before = tf.memory().numTensors;
    await expect(trainHead(clusters(2, 3, 8, 1), params)).rejects.toMatchObject({ name: 'TrainingError', kind: 'too-few-samples' });
    await expect(trainHead(clusters(1, 10, 8, 1), params)).rejects.toMatchObject({ kind: 'too-few-classes' });
    await expect(trainHead(set, { ...params, epochs: 0 })).rejects.toMatchObject({ kind: 'bad-params' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resolveTrainParams with unset fields', () => {
  it('treats a field given as undefined as absent', () => {
    expect(resolveTrainParams({ epochs: undefined, batchSize: 8 })).toEqual({ ...DEFAULT_TRAIN_PARAMS, batchSize: 8 });
  });
});

/** Mean categorical cross-entropy of `head` on `rows` of `set`, computed in plain JS from its probabilities. */
async function crossEntropy(head: { predict(x: tf.Tensor2D): tf.Tensor2D }, set: TrainingSet, rows: readonly number[]): Promise<number> {
  const size = set.embeddings[0].length;
  const flat = new Float32Array(rows.length * size);
  rows.forEach((row, i) => flat.set(set.embeddings[row], i * size));
  const x = tf.tensor2d(flat, [rows.length, size]);
  const probabilities = head.predict(x);
  const p = (await probabilities.array()) as number[][];
  tf.dispose([x, probabilities]);
  // tfjs clips probabilities to [1e-7, 1 - 1e-7] before the log; do the same.
  const losses = rows.map((row, i) => -Math.log(Math.min(1 - 1e-7, Math.max(1e-7, p[i][set.labels[row]]))));
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describe('trainHead: early stopping', () => {
  // TF.js shuffles the rows before each epoch with Math.random: seeded here, each run below takes the
  // same path every time, so how far the last epoch's loss lies from the best one's cannot vary.
  beforeEach(() => {
    vi.spyOn(Math, 'random').mockImplementation(createRandom(2024));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stops an easily learned set well before `epochs` once the loss stops improving', async () => {
    const easy = clusters(3, 12, 8, 2024);
    const before = tf.memory().numTensors;
    const result = await trainHead(easy, { epochs: 200, batchSize: 8, learningRate: 0.05, hiddenUnits: 16, validationFraction: 0.25, seed: 3, patience: 2 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    const { head, history, bestEpoch, stoppedEarly } = result;
    expect(stoppedEarly).toBe(true);
    expect(history.length).toBeLessThan(100);
    expect(history.length).toBe(bestEpoch + 2);
    expect(history[bestEpoch - 1].validationAccuracy).toBe(1);
    const { validation } = stratifiedSplit(easy.labels, 0.25, 3);
    expect(await crossEntropy(head, easy, validation)).toBeCloseTo(history[bestEpoch - 1].validationLoss as number, 4);
    expect(tf.memory().numTensors - before).toBe(4);
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  // Overlapping clusters and a wide head: validation loss bottoms out within a few epochs and then
  // climbs as the head memorises noise, so the best and the last weights clearly differ.
  const noisy = clusters(2, 40, 16, 77, 1.5, 1);
  const params: Partial<TrainParams> = { epochs: 200, batchSize: 8, learningRate: 0.01, hiddenUnits: 64, validationFraction: 0.3, seed: 5, patience: 2 };

  it('hands back the best epoch’s weights when the validation loss turns up', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead(noisy, params);
    if (result.status !== 'trained') throw new Error('expected a trained head');
    const { head, history, bestEpoch, stoppedEarly } = result;
    expect(tf.memory().numTensors - before).toBe(4);

    expect(stoppedEarly).toBe(true);
    expect(history.length).toBe(bestEpoch + 2);
    const losses = history.map((r) => r.validationLoss as number);
    const best = losses[bestEpoch - 1];
    for (const loss of losses) expect(loss).toBeGreaterThanOrEqual(best - 1e-4);

    // The head scores the best epoch's validation loss, not the last one's.
    const { validation } = stratifiedSplit(noisy.labels, 0.3, 5);
    const headLoss = await crossEntropy(head, noisy, validation);
    expect(headLoss).toBeCloseTo(best, 4);
    expect(Math.abs(headLoss - losses[losses.length - 1])).toBeGreaterThan(1e-3);

    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs every epoch and keeps the last weights when switched off', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead(noisy, { ...params, epochs: 12, earlyStopping: false });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    expect(result.history).toHaveLength(12);
    expect(result.stoppedEarly).toBe(false);
    expect(result.bestEpoch).toBe(12);
    const { validation } = stratifiedSplit(noisy.labels, 0.3, 5);
    expect(await crossEntropy(result.head, noisy, validation)).toBeCloseTo(result.history[11].validationLoss as number, 4);
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is skipped without a validation split', async () => {
    const before = tf.memory().numTensors;
    const result = await trainHead(noisy, { ...params, epochs: 15, validationFraction: 0 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    expect(result.history).toHaveLength(15);
    expect(result).toMatchObject({ stoppedEarly: false, bestEpoch: 15 });
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees its weight snapshots when cancelled', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainHead(noisy, params, {
      signal: controller.signal,
      onEpoch: (r) => {
        if (r.epoch === 2) controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.history).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainHead: learning-rate decay', () => {
  const set = clusters(2, 10, 4, 9);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('halves the rate every 15 epochs, in the optimizer and in the reports', async () => {
    // Keep hold of the optimizer trainHead makes, to read the rate it really steps with.
    const adam = tf.train.adam;
    let optimizer: tf.Optimizer | null = null;
    vi.spyOn(tf.train, 'adam').mockImplementation((...args) => (optimizer = adam(...args)));
    const inUse: number[] = [];
    const result = await trainHead(
      set,
      { epochs: 32, learningRate: 0.02, earlyStopping: false, hiddenUnits: 0 },
      { onEpoch: () => inUse.push((optimizer as tf.Optimizer).getConfig().learningRate as number) },
    );
    if (result.status !== 'trained') throw new Error('expected a trained head');
    const rates = result.history.map((r) => r.learningRate);
    expect(rates.slice(0, 15).every((lr) => lr === 0.02)).toBe(true);
    expect(rates.slice(15, 30).every((lr) => lr === 0.01)).toBe(true);
    expect(rates.slice(30)).toEqual([0.005, 0.005]);
    expect(inUse).toEqual(rates);
    result.head.dispose();
  });

  it('keeps the rate when switched off', async () => {
    const result = await trainHead(set, { epochs: 17, learningRate: 0.02, learningRateDecay: false, hiddenUnits: 0 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    expect(new Set(result.history.map((r) => r.learningRate))).toEqual(new Set([0.02]));
    result.head.dispose();
  });
});

describe('trainHead: augmented views', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * Rows whose values name them: sample i is [i, 0, label, …], its view j is [i, j + 1, label, …]; views
   * 0..(i % 3) - 1, so some samples have none.
   */
  function labelledRows(): TrainingSetWithViews {
    const set = clusters(3, 8, 6, 31);
    const tagged = set.embeddings.map((e, i) => Float32Array.from(e, (v, d) => (d === 0 ? i : d === 1 ? 0 : v)));
    const augmented = tagged.map((e, i) => Array.from({ length: i % 3 }, (_, j) => Float32Array.from(e, (v, d) => (d === 1 ? j + 1 : v))));
    return { ...set, embeddings: tagged, augmented };
  }

  it('trains on every training sample and its views but validates on the held-out samples alone', async () => {
    const set = labelledRows();
    const fit = tf.Sequential.prototype.fit;
    let seen: { train: number[][]; trainLabels: number[]; validation: number[][] } | null = null;
    vi.spyOn(tf.Sequential.prototype, 'fit').mockImplementation(function (this: tf.Sequential, x, y, args) {
      const [vx] = args?.validationData as tf.Tensor2D[];
      const labels = (y as tf.Tensor2D).argMax(1);
      seen = { train: (x as tf.Tensor2D).arraySync(), trainLabels: labels.arraySync() as number[], validation: vx.arraySync() };
      labels.dispose();
      return fit.call(this, x, y, args);
    });
    const before = tf.memory().numTensors;
    const result = await trainHead(set, { epochs: 2, validationFraction: 0.25, seed: 8 });
    if (result.status !== 'trained' || seen === null) throw new Error('expected a trained head and a fit call');
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const { train, validation } = stratifiedSplit(set.labels, 0.25, 8);
    const { train: trainX, trainLabels, validation: validationX } = seen as { train: number[][]; trainLabels: number[]; validation: number[][] };
    const expectedTrain = train.flatMap((i) => [`${i}/0/${set.labels[i]}`, ...Array.from({ length: i % 3 }, (_, j) => `${i}/${j + 1}/${set.labels[i]}`)]);
    expect(trainX.map((row, k) => `${row[0]}/${row[1]}/${trainLabels[k]}`).sort()).toEqual(expectedTrain.sort());
    expect(validationX.map((row) => `${row[0]}/${row[1]}`)).toEqual(validation.map((i) => `${i}/0`));
  });

  it('learns from views that disagree with their sample, and never scores them', async () => {
    // Class c sits on axis c. One sample in four gets a view placed on the other class's axis, still
    // labelled c. A linear head cannot fit those views, so training accuracy stays well below 1, while
    // validation, made of real samples only, is perfect.
    const base = clusters(2, 40, 4, 12, 4, 0.3);
    const augmented = base.embeddings.map((e, i) => {
      if (i % 4 !== 0) return [];
      const label = base.labels[i];
      return [Float32Array.from(e, (v, d) => (d === 1 - label ? v + 4 : d === label ? v - 4 : v))];
    });
    const result = await trainHead({ ...base, augmented }, { epochs: 40, batchSize: 8, learningRate: 0.05, hiddenUnits: 0, validationFraction: 0.25, seed: 2, earlyStopping: false });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    const last = result.history[result.history.length - 1];
    expect(last.accuracy).toBeLessThan(0.9);
    expect(last.validationAccuracy).toBe(1);
    result.head.dispose();
  });

  it('throws before making a tensor when views do not line up with the samples', async () => {
    const base = clusters(2, 6, 4, 3);
    const before = tf.memory().numTensors;
    await expect(trainHead({ ...base, augmented: [[]] }, { epochs: 1 })).rejects.toThrow(/one \(possibly empty\) list per sample/);
    const wrongSize = base.embeddings.map((_, i) => (i === 3 ? [new Float32Array(5)] : []));
    await expect(trainHead({ ...base, augmented: wrongSize }, { epochs: 1 })).rejects.toThrow(/has 5 values/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainHead with fused rows', () => {
  it('trains a two-branch head when asked and the rows say where the landmarks start, freeing everything else', async () => {
    // Class 0 differs from class 1 only in the last ("landmark") value.
    const rows = Array.from({ length: 24 }, (_, i) => Float32Array.from([Math.sin(i), Math.cos(i), i % 2 === 0 ? 1 : -1]));
    const set = { classNames: ['a', 'b'], embeddings: rows, labels: Int32Array.from(rows.map((_, i) => i % 2)), fusedSplit: 2 };
    const before = tf.memory().numTensors;
    const result = await trainHead(set, { epochs: 30, fusion: 'branches', validationFraction: 0.25, learningRate: 0.05 });
    if (result.status !== 'trained') throw new Error('expected a trained head');
    const probabilities = tf.tidy(() => result.head.predict(tf.tensor2d([0, 0, 1, 0, 0, -1], [2, 3])).arraySync());
    expect(probabilities[0][0]).toBeGreaterThan(0.5);
    expect(probabilities[1][1]).toBeGreaterThan(0.5);
    result.head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with image dropout, trains a second time on that share of rows with the image part zeroed; never for rows that are not fused', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => Float32Array.from([1 + Math.sin(i), 1 + Math.cos(i), i % 2 === 0 ? 1 : -1]));
    const fused = { classNames: ['a', 'b'], embeddings: rows, labels: Int32Array.from(rows.map((_, i) => i % 2)), fusedSplit: 2 };
    const fit = tf.Sequential.prototype.fit;
    const seen: number[][][] = [];
    vi.spyOn(tf.Sequential.prototype, 'fit').mockImplementation(function (this: tf.Sequential, x, y, args) {
      seen.push((x as tf.Tensor2D).arraySync());
      return fit.call(this, x, y, args);
    });
    const before = tf.memory().numTensors;
    const train = async (set: TrainingSetWithViews, imageDropout: number) => {
      const result = await trainHead(set, { epochs: 1, validationFraction: 0.25, imageDropout });
      if (result.status === 'trained') result.head.dispose();
    };
    await train(fused, 0);
    await train(fused, 1);
    await train(fused, 0.5);
    const { fusedSplit: _, ...plain } = fused;
    await train(plain, 1);
    vi.restoreAllMocks();
    expect(tf.memory().numTensors).toBe(before);
    const [none, all, half, notFused] = seen;
    const handOnly = (x: number[][]) => x.filter((row) => row[0] === 0 && row[1] === 0);
    expect(none).toHaveLength(30);
    expect(handOnly(none)).toHaveLength(0);
    // Every row once as it is and once with only its landmark part, which is kept.
    expect(all).toHaveLength(60);
    expect(handOnly(all).map((row) => row[2]).sort()).toEqual(none.map((row) => row[2]).sort());
    expect(half.length).toBeGreaterThan(36);
    expect(half.length).toBeLessThan(54);
    expect(notFused).toHaveLength(30);
  });

  it('with image dropout, the trained head answers with the mean of the row as it is and with its image part zeroed; without it, the row alone', async () => {
    // Class 0 has the landmark value 1 and class 1 has -1; the image values say nothing.
    const rows = Array.from({ length: 40 }, (_, i) => Float32Array.from([1 + Math.sin(i), 1 + Math.cos(i), i % 2 === 0 ? 1 : -1]));
    const fused = { classNames: ['a', 'b'], embeddings: rows, labels: Int32Array.from(rows.map((_, i) => i % 2)), fusedSplit: 2 };
    const before = tf.memory().numTensors;
    for (const imageDropout of [0.5, 0]) {
      const result = await trainHead(fused, { epochs: 5, validationFraction: 0.25, imageDropout });
      if (result.status !== 'trained') throw new Error('expected a trained head');
      const topology = JSON.stringify((await result.head.save()).modelTopology);
      expect(topology.includes('GlobalAveragePooling1D')).toBe(imageDropout > 0);
      const row = tf.tensor2d([[3, -2, 1]]);
      const answer = result.head.predict(row);
      expect(answer.shape).toEqual([1, 2]);
      tf.dispose([row, answer]);
      result.head.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops the image part of half the rows by default, and rejects an image dropout outside 0 to 1', () => {
    expect(() => resolveTrainParams({ imageDropout: 1.5 })).toThrow('Image dropout');
    expect(resolveTrainParams({}).imageDropout).toBe(0.5);
  });

  it('rejects an unknown fusion', () => {
    expect(() => resolveTrainParams({ fusion: 'sum' as never })).toThrow('Fusion');
  });
});
