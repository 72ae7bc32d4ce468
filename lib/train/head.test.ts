import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead, createHeadModel, loadHead, withHandOnlyVote } from './head';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('createHeadModel', () => {
  it('builds embedding → dense ReLU → dense softmax with the right parameter count', () => {
    const model = createHeadModel({ embeddingSize: 8, classCount: 3, hiddenUnits: 5, seed: 1 });
    try {
      expect(model.layers).toHaveLength(2);
      expect(model.inputs[0].shape).toEqual([null, 8]);
      expect(model.outputs[0].shape).toEqual([null, 3]);
      expect(model.countParams()).toBe(8 * 5 + 5 + 5 * 3 + 3);
      expect(model.getWeights().map((w) => w.shape)).toEqual([[8, 5], [5], [5, 3], [3]]);
    } finally {
      model.dispose();
    }
  });

  it('is a plain softmax regression when hiddenUnits is 0', () => {
    const model = createHeadModel({ embeddingSize: 8, classCount: 4, hiddenUnits: 0, seed: 1 });
    try {
      expect(model.layers).toHaveLength(1);
      expect(model.inputs[0].shape).toEqual([null, 8]);
      expect(model.countParams()).toBe(8 * 4 + 4);
    } finally {
      model.dispose();
    }
  });

  it('initialises the same weights from the same seed and different ones from another', () => {
    const shape = { embeddingSize: 6, classCount: 2, hiddenUnits: 4 };
    const a = createHeadModel({ ...shape, seed: 5 });
    const b = createHeadModel({ ...shape, seed: 5 });
    const c = createHeadModel({ ...shape, seed: 6 });
    try {
      const kernel = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync());
      expect(kernel(b)).toEqual(kernel(a));
      expect(kernel(c)).not.toEqual(kernel(a));
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });
});

describe('createHead', () => {
  it('predict returns [batch, classes] probabilities and leaves exactly one new tensor', () => {
    const before = tf.memory().numTensors;
    const names = ['a', 'b', 'c'];
    const head = createHead(createHeadModel({ embeddingSize: 4, classCount: 3, hiddenUnits: 6, seed: 2 }), names, 4);
    names.push('d');
    expect(head.classNames).toEqual(['a', 'b', 'c']);
    expect(head.embeddingSize).toBe(4);
    const x = tf.tensor2d([1, 2, 3, 4, -1, 0, 0.5, 2], [2, 4]);
    const mid = tf.memory().numTensors;
    const p = head.predict(x);
    expect(tf.memory().numTensors - mid).toBe(1);
    expect(p.shape).toEqual([2, 3]);
    const rows = p.arraySync();
    for (const row of rows) {
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      for (const v of row) expect(v).toBeGreaterThan(0);
    }
    tf.dispose([x, p]);
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a two-branch head', () => {
  it('gives each part of the row its own hidden layer and predicts from the whole row, leaving one new tensor', () => {
    const model = createHeadModel({ embeddingSize: 5, classCount: 2, hiddenUnits: 3, seed: 1, branches: { split: 3, units: 2 } });
    expect(model.inputs.map((i) => i.shape)).toEqual([
      [null, 3],
      [null, 2],
    ]);
    const head = createHead(model, ['a', 'b'], 5);
    const x = tf.tensor2d([1, 2, 3, 0.5, -0.5], [1, 5]);
    const before = tf.memory().numTensors;
    const p = head.predict(x);
    expect(tf.memory().numTensors - before).toBe(1);
    const direct = tf.tidy(() => (model.predict([tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0.5, -0.5]])]) as tf.Tensor2D).arraySync());
    expect(p.arraySync()[0][0]).toBeCloseTo(direct[0][0], 6);
    tf.dispose([x, p]);
    head.dispose();
  });

  it('refuses a split outside the row', () => {
    expect(() => createHeadModel({ embeddingSize: 5, classCount: 2, hiddenUnits: 3, seed: 1, branches: { split: 5, units: 2 } })).toThrow('branch split');
  });
});

describe('Head.save and loadHead', () => {
  it('round-trip a head: same probabilities, and the loaded head owns its only new tensors', async () => {
    const head = createHead(createHeadModel({ embeddingSize: 4, classCount: 3, hiddenUnits: 5, seed: 7 }), ['a', 'b', 'c'], 4);
    const rows = tf.tensor2d([[0.1, 0.2, 0.3, 0.4], [1, -1, 0.5, 0]]);
    const expected = head.predict(rows);
    const artifacts = await head.save();
    const before = tf.memory().numTensors;
    const loaded = await loadHead(artifacts, ['a', 'b', 'c'], 4);
    const got = loaded.predict(rows);
    expect(Array.from(await got.data())).toEqual(Array.from(await expected.data()));
    expect(loaded.classNames).toEqual(['a', 'b', 'c']);
    got.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([rows, expected]);
    head.dispose();
  });

  it('loadHead rejects a head whose sizes do not match, leaving no tensors behind', async () => {
    const head = createHead(createHeadModel({ embeddingSize: 4, classCount: 3, hiddenUnits: 0, seed: 7 }), ['a', 'b', 'c'], 4);
    const artifacts = await head.save();
    head.dispose();
    const before = tf.memory().numTensors;
    await expect(loadHead(artifacts, ['a', 'b'], 4)).rejects.toThrow('expected 4 and 2');
    await expect(loadHead(artifacts, ['a', 'b', 'c'], 5)).rejects.toThrow('expected 5 and 3');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('withHandOnlyVote', () => {
  const rows = tf.tensor2d([[1, -2, 0.5, 3, 0.2, -1, 0.7, 0.1, -0.4], [0, 1, 2, -1, -0.5, 0.3, 0.9, -0.2, 0.6]]); // [2, 9]: 6 image values, 3 landmark values
  const handOnly = tf.tensor2d([[0, 0, 0, 0, 0, 0, 0.7, 0.1, -0.4], [0, 0, 0, 0, 0, 0, 0.9, -0.2, 0.6]]);

  it.each([
    ['one dense layer over the row', { embeddingSize: 9, classCount: 3, hiddenUnits: 5, seed: 3 }],
    ['a softmax regression', { embeddingSize: 9, classCount: 3, hiddenUnits: 0, seed: 3 }],
    ['two branches', { embeddingSize: 9, classCount: 3, hiddenUnits: 5, seed: 3, branches: { split: 6, units: 4 } }],
  ])('%s: answers the mean of the row as it is and with its image part zeroed, and survives save and load', async (_name, shape) => {
    const before = tf.memory().numTensors;
    const trained = createHeadModel(shape);
    const voted = withHandOnlyVote(trained, 6);
    const plain = createHead(trained, ['a', 'b', 'c'], 9);
    const expected = tf.tidy(() => plain.predict(rows).add(plain.predict(handOnly)).div(2));
    const moved = tf.tidy(() => plain.predict(rows).sub(expected).abs().max());
    expect((await moved.data())[0]).toBeGreaterThan(1e-3); // the image part matters to this head, so the vote is seen
    moved.dispose();
    const head = createHead(voted, ['a', 'b', 'c'], 9);
    const loaded = await loadHead(await head.save(), ['a', 'b', 'c'], 9);
    for (const h of [head, loaded]) {
      const got = h.predict(rows);
      expect(got.shape).toEqual([2, 3]);
      const gap = tf.tidy(() => got.sub(expected).abs().max());
      expect((await gap.data())[0]).toBeLessThan(1e-6);
      tf.dispose([got, gap]);
    }
    expect(voted.countParams()).toBe(trained.countParams()); // the zeroing adds no weights
    expected.dispose();
    plain.dispose();
    head.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an image part outside the row', () => {
    const trained = createHeadModel({ embeddingSize: 9, classCount: 3, hiddenUnits: 5, seed: 3 });
    expect(() => withHandOnlyVote(trained, 9)).toThrow(RangeError);
    trained.dispose();
  });
});
