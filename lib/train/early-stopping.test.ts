import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEarlyStopping, DEFAULT_EARLY_STOPPING, restoreWeights, snapshotWeights } from './early-stopping';
import { createHeadModel } from './head';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Feeds losses for epochs 1, 2, … and returns each update's answer. */
function feed(losses: number[], options?: Parameters<typeof createEarlyStopping>[0]) {
  const stopper = createEarlyStopping(options);
  const answers = losses.map((loss, i) => stopper.update(i + 1, loss));
  return { stopper, answers };
}

describe('createEarlyStopping', () => {
  it('defaults to patience 8 and minDelta 1e-4', () => {
    expect(DEFAULT_EARLY_STOPPING).toEqual({ patience: 8, minDelta: 1e-4 });
    // Best at epoch 1, then 8 epochs without improvement: stop exactly at epoch 9.
    const { answers } = feed([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(answers.map((a) => a.stop)).toEqual([false, false, false, false, false, false, false, false, true]);
  });

  it('starts with no best epoch and an infinite best loss', () => {
    const stopper = createEarlyStopping();
    expect(stopper.bestEpoch).toBe(0);
    expect(stopper.bestLoss).toBe(Number.POSITIVE_INFINITY);
  });

  it('tracks the best epoch and stops once patience epochs pass without improving', () => {
    const { stopper, answers } = feed([1.0, 0.8, 0.9, 0.7, 0.75, 0.72, 0.71], { patience: 3 });
    expect(answers).toEqual([
      { improved: true, stop: false },
      { improved: true, stop: false },
      { improved: false, stop: false },
      { improved: true, stop: false },
      { improved: false, stop: false },
      { improved: false, stop: false },
      { improved: false, stop: true },
    ]);
    expect(stopper.bestEpoch).toBe(4);
    expect(stopper.bestLoss).toBe(0.7);
  });

  it('counts an improvement only when it beats the best by more than minDelta', () => {
    const { stopper, answers } = feed([1.0, 0.95, 0.94, 0.8], { patience: 5, minDelta: 0.05 });
    expect(answers.map((a) => a.improved)).toEqual([true, false, true, true]);
    expect(stopper.bestEpoch).toBe(4);
    expect(stopper.bestLoss).toBe(0.8);
  });

  it('with patience 0 stops at the first epoch that does not improve', () => {
    const { answers } = feed([1, 0.5, 0.6], { patience: 0 });
    expect(answers.map((a) => a.stop)).toEqual([false, false, true]);
  });

  it('never counts a non-finite loss as an improvement, and stops a run that never had a finite one', () => {
    const { stopper, answers } = feed([Number.NaN, Number.NaN], { patience: 2 });
    expect(answers).toEqual([
      { improved: false, stop: false },
      { improved: false, stop: true },
    ]);
    expect(stopper.bestEpoch).toBe(0);
    const later = feed([0.5, Number.NaN, Number.POSITIVE_INFINITY, 0.4], { patience: 5 });
    expect(later.answers.map((a) => a.improved)).toEqual([true, false, false, true]);
  });

  it('throws for bad options and for epochs fed out of order', () => {
    for (const bad of [{ patience: -1 }, { patience: 1.5 }, { minDelta: -0.1 }, { minDelta: Number.NaN }]) {
      expect(() => createEarlyStopping(bad)).toThrow(RangeError);
    }
    const stopper = createEarlyStopping();
    expect(() => stopper.update(0, 1)).toThrow(RangeError);
    stopper.update(1, 1);
    expect(() => stopper.update(1, 0.5)).toThrow(/must increase/);
    expect(stopper.bestLoss).toBe(1);
  });
});

describe('snapshotWeights / restoreWeights', () => {
  it('keeps a layers model’s values across later writes and restores them, with exact tensor counts', () => {
    const model = createHeadModel({ embeddingSize: 3, classCount: 2, hiddenUnits: 4, seed: 1 });
    const values = () => model.weights.map((w) => Array.from(w.read().dataSync()));
    const original = values();
    const before = tf.memory().numTensors;

    const snapshot = snapshotWeights(model.weights);
    expect(tf.memory().numTensors - before).toBe(4);
    expect(snapshot.map((t) => t.shape)).toEqual([[3, 4], [4], [4, 2], [2]]);

    for (const w of model.weights) {
      const ones = tf.onesLike(w.read());
      w.write(ones);
      ones.dispose();
    }
    expect(values()).not.toEqual(original);
    expect(snapshot.map((t) => Array.from(t.dataSync()))).toEqual(original);

    restoreWeights(model.weights, snapshot);
    expect(values()).toEqual(original);
    expect(tf.memory().numTensors - before).toBe(4);
    tf.dispose(snapshot);
    expect(tf.memory().numTensors).toBe(before);
    // The restored weights outlive the snapshot they came from.
    expect(values()).toEqual(original);
    model.dispose();
  });

  it('accepts trainableWeights and plain tf.Variables', () => {
    const model = createHeadModel({ embeddingSize: 2, classCount: 2, hiddenUnits: 0, seed: 2 });
    const snapshot = snapshotWeights(model.trainableWeights);
    expect(snapshot).toHaveLength(2);
    tf.dispose(snapshot);
    model.dispose();

    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    const saved = snapshotWeights([v]);
    const zeros = tf.zerosLike(v);
    v.assign(zeros);
    zeros.dispose();
    expect(Array.from(v.dataSync())).toEqual([0, 0, 0]);
    restoreWeights([v], saved);
    tf.dispose(saved);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });

  it('refuses a snapshot of another length', () => {
    const model = createHeadModel({ embeddingSize: 2, classCount: 2, hiddenUnits: 0, seed: 3 });
    const snapshot = snapshotWeights(model.weights.slice(0, 1));
    expect(() => restoreWeights(model.weights, snapshot)).toThrow(RangeError);
    tf.dispose(snapshot);
    model.dispose();
  });
});
