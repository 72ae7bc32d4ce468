import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKBONES, type Backbone } from '../backbone';
import { createHead, createHeadModel, type Head } from '../train';
import { embedBatch, headModel, runFrame } from './infer';

/** Stands in for MobileNet: the per-channel mean of the image, [batch, 3]. */
const stubBackbone: Backbone = {
  ...BACKBONES.mobilenet_v1_025,
  embeddingSize: 3,
  embed: (pixels) => tf.tidy(() => tf.mean(tf.cast(pixels, 'float32'), [1, 2]) as tf.Tensor2D),
  dispose: () => {},
};

const SIDE = 8;
/** n images of SIDE x SIDE whose three channels are filled with (i+1)*10, (i+1)*20, (i+1)*30. */
function images(n: number): tf.Tensor4D {
  const data = new Float32Array(n * SIDE * SIDE * 3);
  for (let i = 0; i < n; i += 1) {
    for (let p = 0; p < SIDE * SIDE; p += 1) {
      for (let c = 0; c < 3; c += 1) data[(i * SIDE * SIDE + p) * 3 + c] = (i + 1) * 10 * (c + 1);
    }
  }
  return tf.tensor4d(data, [n, SIDE, SIDE, 3]);
}

let head: Head;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  head = createHead(createHeadModel({ embeddingSize: 3, classCount: 4, hiddenUnits: 5, seed: 1 }), ['a', 'b', 'c', 'd'], 3);
});
afterAll(() => head.dispose());

/** The head's probabilities for one embedding, computed the plain way for comparison. */
function expected(embedding: number[]): number[] {
  return tf.tidy(() => (head.predict(tf.tensor2d([embedding])).arraySync() as number[][])[0]);
}

describe('runFrame', () => {
  it('returns the embedding and class probabilities and leaves no tensor behind', async () => {
    const pixels = images(1);
    const before = tf.memory().numTensors;
    const out = await runFrame(stubBackbone, headModel(head), pixels, false);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.embedding).toBeInstanceOf(Float32Array);
    expect(Array.from(out.embedding as Float32Array)).toEqual([10, 20, 30]);
    expect(out.probabilities).toBeInstanceOf(Float32Array);
    expect(out.probabilities).toHaveLength(4);
    const want = expected([10, 20, 30]);
    Array.from(out.probabilities as Float32Array).forEach((p, i) => expect(p).toBeCloseTo(want[i], 6));
    expect(pixels.isDisposed).toBe(false);
    pixels.dispose();
  });

  it('returns null probabilities without a head and leaves no tensor behind', async () => {
    const pixels = images(1);
    const before = tf.memory().numTensors;
    const out = await runFrame(stubBackbone, null, pixels, true);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(out.embedding as Float32Array)).toEqual([10, 20, 30]);
    expect(out.probabilities).toBeNull();
    pixels.dispose();
  });

  it('skips the backbone when neither recording nor the model needs the embedding', async () => {
    const pixels = images(1);
    const pixelModel = { classNames: ['x'], inputMode: 'frame' as const, usesEmbedding: false, usesLandmarks: false, classify: () => tf.ones([1, 1]) as tf.Tensor2D, save: () => Promise.reject(new Error('not used')), dispose: () => undefined };
    const before = tf.memory().numTensors;
    const out = await runFrame(stubBackbone, pixelModel, pixels, false);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.embedding).toBeNull();
    expect(Array.from(out.probabilities as Float32Array)).toEqual([1]);
    pixels.dispose();
  });

  it('a head model refuses to classify without an embedding', () => {
    expect(() => headModel(head).classify(tf.zeros([1, 2, 2, 3]), null, null)).toThrow('needs the backbone embedding');
  });

  it('a fused head reads [embedding, landmarks] as one row, like featureRow, and leaves no tensor behind', async () => {
    // 3 embedding values + 2 landmark features = the head's 5 inputs.
    const fused = createHead(createHeadModel({ embeddingSize: 5, classCount: 2, hiddenUnits: 0, seed: 3 }), ['p', 'q'], 5);
    const pixels = images(1);
    const before = tf.memory().numTensors;
    const out = await runFrame(stubBackbone, headModel(fused, 'fused'), pixels, false, Float32Array.from([0.5, -0.25]));
    expect(tf.memory().numTensors).toBe(before);
    const want = tf.tidy(() => (fused.predict(tf.tensor2d([[10, 20, 30, 0.5, -0.25]])).arraySync() as number[][])[0]);
    Array.from(out.probabilities as Float32Array).forEach((p, i) => expect(p).toBeCloseTo(want[i], 6));
    expect(() => headModel(fused, 'fused').classify(pixels, tf.zeros([1, 3]), null)).toThrow('needs hand landmarks');
    pixels.dispose();
    fused.dispose();
  });

  it('a landmarks-only head skips the backbone', async () => {
    const only = createHead(createHeadModel({ embeddingSize: 2, classCount: 2, hiddenUnits: 0, seed: 4 }), ['p', 'q'], 2);
    const model = headModel(only, 'landmarks');
    expect(model.usesEmbedding).toBe(false);
    const pixels = images(1);
    const out = await runFrame(stubBackbone, model, pixels, false, Float32Array.from([1, 2]));
    expect(out.embedding).toBeNull();
    expect(out.probabilities).toHaveLength(2);
    pixels.dispose();
    only.dispose();
  });

  it('stays flat over many frames', async () => {
    const pixels = images(1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i += 1) await runFrame(stubBackbone, i % 2 ? headModel(head) : null, pixels, i % 3 === 0);
    expect(tf.memory().numTensors).toBe(before);
    pixels.dispose();
  });
});

describe('embedBatch', () => {
  it('returns one vector per image with the backbone values and leaves no tensor behind', async () => {
    const pixels = images(3);
    const before = tf.memory().numTensors;
    const out = await embedBatch(stubBackbone, pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.map((e) => Array.from(e))).toEqual([
      [10, 20, 30],
      [20, 40, 60],
      [30, 60, 90],
    ]);
    out.forEach((e) => expect(e).toBeInstanceOf(Float32Array));
    // Separate copies, not views of one buffer.
    out[0][0] = -1;
    expect(out[1][0]).toBe(20);
    expect(pixels.isDisposed).toBe(false);
    pixels.dispose();
  });
});
