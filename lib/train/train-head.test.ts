import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSet } from '../dataset';
import { createRandom } from './random';
import {
  checkTrainable,
  DEFAULT_TRAIN_PARAMS,
  MIN_SAMPLES_PER_CLASS,
  resolveTrainParams,
  trainHead,
  TrainingError,
  type EpochReport,
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

/** `classes` Gaussian clusters in `size` dimensions, centres 4 apart on separate axes, sd 0.5. */
function clusters(classes: number, perClass: number, size: number, seed: number): TrainingSet {
  const random = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c += 1) {
    for (let i = 0; i < perClass; i += 1) {
      const e = Float32Array.from({ length: size }, (_, d) => (d === c ? 4 : 0) + 0.5 * gauss());
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
    expect(() => resolveTrainParams({ epochs: 1, batchSize: 512, learningRate: 1e-5, hiddenUnits: 0, validationFraction: 0.5 })).not.toThrow();
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
