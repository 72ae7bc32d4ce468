import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DECAY, decayedLearningRate, setLearningRate } from './schedule';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('decayedLearningRate', () => {
  it('steps down by rate every `every` epochs, starting at epoch 1', () => {
    const decay = { rate: 0.5, every: 3 };
    expect([1, 2, 3, 4, 6, 7, 10].map((e) => decayedLearningRate(0.01, e, decay))).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.00125]);
  });

  it('is exponential per epoch with every = 1 and constant with rate = 1', () => {
    expect(decayedLearningRate(1, 4, { rate: 0.9, every: 1 })).toBeCloseTo(0.729, 12);
    expect(decayedLearningRate(0.3, 100, { rate: 1, every: 1 })).toBe(0.3);
  });

  it('halves the default 40-epoch run at epochs 16 and 31', () => {
    expect(DEFAULT_DECAY).toEqual({ rate: 0.5, every: 15 });
    const lr = (e: number) => decayedLearningRate(0.001, e, DEFAULT_DECAY);
    expect([lr(1), lr(15), lr(16), lr(30), lr(31), lr(40)]).toEqual([0.001, 0.001, 0.0005, 0.0005, 0.00025, 0.00025]);
  });

  it.each([
    [0, 1, { rate: 0.5, every: 1 }],
    [0.1, 0, { rate: 0.5, every: 1 }],
    [0.1, 1.5, { rate: 0.5, every: 1 }],
    [0.1, 1, { rate: 0, every: 1 }],
    [0.1, 1, { rate: 1.5, every: 1 }],
    [0.1, 1, { rate: 0.5, every: 0 }],
    [Number.NaN, 1, { rate: 0.5, every: 1 }],
  ])('throws a RangeError for initial %s, epoch %s, decay %o', (initial, epoch, decay) => {
    expect(() => decayedLearningRate(initial, epoch, decay)).toThrow(RangeError);
  });
});

/** One step of `optimizer` on f(w) = w (gradient 1) from w = 0; returns how far w moved. */
function stepSize(optimizer: tf.Optimizer, w: tf.Variable): number {
  const before = w.dataSync()[0];
  optimizer.minimize(() => w.sum() as tf.Scalar);
  return Math.abs(w.dataSync()[0] - before);
}

describe('setLearningRate', () => {
  it('changes the step Adam takes from the next update on', () => {
    // Adam's first steps are about lr in size whatever the gradient, so the step shows the rate in use.
    const w = tf.variable(tf.scalar(0));
    const adam = tf.train.adam(0.1);
    expect(stepSize(adam, w)).toBeCloseTo(0.1, 4);
    setLearningRate(adam, 0.01);
    expect(stepSize(adam, w)).toBeCloseTo(0.01, 4);
    expect(adam.getConfig().learningRate).toBe(0.01);
    adam.dispose();
    w.dispose();
  });

  it('changes sgd’s step and frees its cached rate tensor', () => {
    const w = tf.variable(tf.scalar(0));
    const sgd = tf.train.sgd(0.5);
    expect(stepSize(sgd, w)).toBeCloseTo(0.5, 6);
    const before = tf.memory().numTensors;
    setLearningRate(sgd, 0.125);
    expect(tf.memory().numTensors).toBe(before);
    expect(stepSize(sgd, w)).toBeCloseTo(0.125, 6);
    sgd.dispose();
    w.dispose();
  });

  it('rejects a rate that is not a positive number', () => {
    const adam = tf.train.adam(0.1);
    for (const bad of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => setLearningRate(adam, bad)).toThrow(RangeError);
    expect(adam.getConfig().learningRate).toBe(0.1);
    adam.dispose();
  });
});
