import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensors, checkFineTuneSet, gatherSamples, type FineTuneSet } from './samples';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const row = (v: number) => new Float32Array(4).fill(v);

// Cut shape [1, 2, 2]: 4 values per row.
const SET: FineTuneSet = {
  classNames: ['a', 'b'],
  activations: [row(0), row(1), row(2)],
  labels: Int32Array.from([0, 1, 1]),
  augmented: [[row(10), row(11)], [], [row(20)]],
};

describe('gatherSamples', () => {
  it('follows each training row with its views, same label; validation rows come alone', () => {
    const train = gatherSamples(SET, [2, 0], true);
    expect(train.vectors.map((v) => v[0])).toEqual([2, 20, 0, 10, 11]);
    expect(Array.from(train.labels)).toEqual([1, 1, 0, 0, 0]);
    const validation = gatherSamples(SET, [0, 2], false);
    expect(validation.vectors.map((v) => v[0])).toEqual([0, 2]);
    expect(Array.from(validation.labels)).toEqual([0, 1]);
    // References, not copies: a few hundred rows of 2-block activations are tens of MB.
    expect(train.vectors[0]).toBe(SET.activations[2]);
  });

  it('works without augmented views', () => {
    const { augmented: _, ...plain } = SET;
    expect(gatherSamples(plain, [0, 1], true).vectors).toHaveLength(2);
  });
});

describe('checkFineTuneSet', () => {
  it('accepts a consistent set and names what is wrong otherwise', () => {
    expect(() => checkFineTuneSet(SET, [1, 2, 2])).not.toThrow();
    expect(() => checkFineTuneSet(SET, [2, 2, 2])).toThrow(/4 values; the cut shape \[2, 2, 2\] has 8/);
    expect(() => checkFineTuneSet({ ...SET, labels: Int32Array.from([0, 1]) }, [1, 2, 2])).toThrow(/3 activation rows for 2 labels/);
    expect(() => checkFineTuneSet({ ...SET, augmented: [[], []] }, [1, 2, 2])).toThrow(/augmented has 2 entries for 3 samples/);
    expect(() => checkFineTuneSet({ ...SET, augmented: [[row(1)], [new Float32Array(3)], []] }, [1, 2, 2])).toThrow(/view has 3 values/);
  });
});

describe('batchTensors', () => {
  it('uploads the chosen samples as [n, ...cutShape] and one-hot targets, two new tensors', () => {
    const samples = gatherSamples(SET, [0, 1, 2], true);
    const before = tf.memory().numTensors;
    const [xs, ys] = batchTensors(samples, [3, 0], [1, 2, 2], 2);
    expect(tf.memory().numTensors - before).toBe(2);
    expect(xs.shape).toEqual([2, 1, 2, 2]);
    expect(Array.from(xs.dataSync())).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(ys.arraySync()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    tf.dispose([xs, ys]);
  });
});
