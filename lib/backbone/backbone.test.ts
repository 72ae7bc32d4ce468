import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../train/random';
import { BACKBONES, isBackboneId } from './backbone-info';
import { EMBEDDING_LAYER, loadBackbone, ModelLoadError, type BackboneLoaders, type EmbeddingModel } from './backbone';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const SIZE = 224;
const FILTERS = 4;
// 1x1 conv kernel [inChannels=3][filters=4] and bias: some filters go negative so the ReLU matters.
const KERNEL = [
  [0.5, -1, 0.25, 0],
  [-0.5, 0.5, 0.25, 1],
  [1, 0.25, -0.75, -1],
];
const BIAS = [0.1, -0.2, 0, 0.3];

/** A tiny stand-in for the Keras MobileNet: input → 1x1 conv named like the real cut layer → pool → dense. */
function stubLayersModel(): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  const conv = tf.layers.conv2d({ filters: FILTERS, kernelSize: 1, activation: 'relu', name: EMBEDDING_LAYER });
  const features = conv.apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(features) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  tf.tidy(() => conv.setWeights([tf.tensor4d(KERNEL.flat(), [1, 1, 3, FILTERS]), tf.tensor1d(BIAS)]));
  return model;
}

/** Random 0..255 integer pixels, [batch, 224, 224, 3], as the raw array and the tensor. */
function randomPixels(batch: number, seed: number): { data: Int32Array; tensor: tf.Tensor4D } {
  const random = createRandom(seed);
  const data = Int32Array.from({ length: batch * SIZE * SIZE * 3 }, () => Math.floor(random() * 256));
  return { data, tensor: tf.tensor4d(data, [batch, SIZE, SIZE, 3], 'int32') };
}

/** What the layers backbone should give, computed in plain JS: mean over pixels of relu(conv(x / 127.5 - 1)). */
function expectedEmbedding(data: Int32Array, batch: number): number[][] {
  const pixels = SIZE * SIZE;
  return Array.from({ length: batch }, (_, b) => {
    const sums = new Array<number>(FILTERS).fill(0);
    for (let p = 0; p < pixels; p += 1) {
      const base = (b * pixels + p) * 3;
      for (let f = 0; f < FILTERS; f += 1) {
        let v = BIAS[f];
        for (let c = 0; c < 3; c += 1) v += (data[base + c] / 127.5 - 1) * KERNEL[c][f];
        sums[f] += Math.max(0, v);
      }
    }
    return sums.map((s) => s / pixels);
  });
}

function loaders(overrides: Partial<BackboneLoaders>): BackboneLoaders {
  return {
    graph: () => Promise.reject(new Error('graph loader not expected')),
    layers: () => Promise.reject(new Error('layers loader not expected')),
    ...overrides,
  };
}

describe('loadBackbone: mobilenet_v1_075 (layers model cut at the last block)', () => {
  it('embeds as the spatial mean of the cut layer on [-1, 1] input, one new tensor per call, and frees all weights on dispose', async () => {
    const before = tf.memory().numTensors;
    const urls: string[] = [];
    const backbone = await loadBackbone('mobilenet_v1_075', {
      loaders: loaders({
        layers: async (url) => {
          urls.push(url);
          return stubLayersModel();
        },
      }),
    });
    expect(urls).toEqual(['/models/mobilenet_v1_075_224/model.json']);
    expect(backbone.id).toBe('mobilenet_v1_075');
    expect(backbone.label).toBe(BACKBONES.mobilenet_v1_075.label);
    expect(backbone.inputSize).toBe(224);

    const { data, tensor } = randomPixels(2, 7);
    const mid = tf.memory().numTensors;
    const embedding = backbone.embed(tensor);
    expect(tf.memory().numTensors - mid).toBe(1);
    expect(embedding.shape).toEqual([2, FILTERS]);
    const got = embedding.arraySync();
    const want = expectedEmbedding(data, 2);
    got.forEach((row, b) => row.forEach((v, f) => expect(v).toBeCloseTo(want[b][f], 4)));
    // The ReLU clipped something: without it a filter with negative responses would average lower.
    expect(want.flat().some((v) => v > 0)).toBe(true);

    // float32 pixels give the same result as int32 ones.
    const asFloat = tf.cast(tensor, 'float32') as tf.Tensor4D;
    const again = backbone.embed(asFloat);
    expect(again.arraySync()).toEqual(got);
    tf.dispose([embedding, tensor, asFloat, again]);

    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses modelBaseUrl when given', async () => {
    const urls: string[] = [];
    const backbone = await loadBackbone('mobilenet_v1_075', {
      modelBaseUrl: 'https://cdn.example/m',
      loaders: loaders({ layers: async (url) => (urls.push(url), stubLayersModel()) }),
    });
    backbone.dispose();
    expect(urls).toEqual(['https://cdn.example/m/mobilenet_v1_075_224/model.json']);
  });

  it('reports a layers model without the embedding layer as corrupt', async () => {
    const input = tf.input({ shape: [4] });
    const wrong = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    try {
      await expect(loadBackbone('mobilenet_v1_075', { loaders: loaders({ layers: async () => wrong }) })).rejects.toMatchObject({
        name: 'ModelLoadError',
        kind: 'model-corrupt',
      });
    } finally {
      wrong.dispose();
    }
  });
});

describe('loadBackbone: mobilenet_v1_025 (graph model through @tensorflow-models/mobilenet)', () => {
  /** infer(x, true) → [batch, 1, 1, 256] (or [batch, 256]) whose row b is mean(x_b) * [0, 1, ..., 255]. */
  function stubGraph(flat: boolean) {
    const ranks: number[] = [];
    let disposed = 0;
    const net: EmbeddingModel = {
      infer: (input) => {
        ranks.push(input.rank);
        const x = (input.rank === 3 ? tf.expandDims(input, 0) : input) as tf.Tensor4D;
        const means = tf.reshape(tf.mean(tf.cast(x, 'float32'), [1, 2, 3]), [-1, 1]); // [batch, 1]
        const out = tf.mul(means, tf.range(0, 256).reshape([1, 256])); // [batch, 256]
        return flat ? out : tf.reshape(out, [-1, 1, 1, 256]);
      },
      model: {
        dispose: () => {
          disposed += 1;
        },
      },
    };
    return { net, ranks, disposedCount: () => disposed };
  }

  it.each([false, true])('embeds one image (sent as 3-D) and a batch into [n, 256], one new tensor each (flat output: %s)', async (flat) => {
    const stub = stubGraph(flat);
    const calls: [string, number][] = [];
    const backbone = await loadBackbone('mobilenet_v1_025', {
      loaders: loaders({ graph: async (url, alpha) => (calls.push([url, alpha]), stub.net) }),
    });
    expect(calls).toEqual([['/models/mobilenet_v1_025_224/imagenet/model.json', 0.25]]);
    expect(backbone.embeddingSize).toBe(256);

    const one = tf.fill([1, SIZE, SIZE, 3], 2) as tf.Tensor4D;
    let before = tf.memory().numTensors;
    const e1 = backbone.embed(one);
    expect(tf.memory().numTensors - before).toBe(1);
    expect(e1.shape).toEqual([1, 256]);
    expect(Array.from(e1.dataSync()).slice(0, 4)).toEqual([0, 2, 4, 6]);

    const three = tf.concat([tf.fill([1, SIZE, SIZE, 3], 1), tf.fill([1, SIZE, SIZE, 3], 3), tf.fill([1, SIZE, SIZE, 3], 5)]) as tf.Tensor4D;
    before = tf.memory().numTensors;
    const e3 = backbone.embed(three);
    expect(tf.memory().numTensors - before).toBe(1);
    expect(e3.shape).toEqual([3, 256]);
    const rows = e3.arraySync();
    expect(rows.map((r) => r[10])).toEqual([10, 30, 50]);
    expect(rows.map((r) => r[255])).toEqual([255, 765, 1275]);

    expect(stub.ranks).toEqual([3, 4]);
    tf.dispose([one, three, e1, e3]);

    expect(stub.disposedCount()).toBe(0);
    backbone.dispose();
    expect(stub.disposedCount()).toBe(1);
  });

  it('disposes without error when the package exposes no model', async () => {
    const { net } = stubGraph(true);
    const backbone = await loadBackbone('mobilenet_v1_025', { loaders: loaders({ graph: async () => ({ infer: net.infer }) }) });
    expect(() => backbone.dispose()).not.toThrow();
  });
});

describe('loadBackbone errors', () => {
  async function failure(id: 'mobilenet_v1_025' | 'mobilenet_v1_075', reason: unknown): Promise<ModelLoadError> {
    const reject = () => Promise.reject(reason);
    try {
      await loadBackbone(id, { loaders: { graph: reject, layers: reject } });
    } catch (error) {
      expect(error).toBeInstanceOf(ModelLoadError);
      return error as ModelLoadError;
    }
    throw new Error('expected loadBackbone to reject');
  }

  it('maps a 404 to model-missing, telling the person to run npm install', async () => {
    const cause = new Error('Request to /models/mobilenet_v1_025_224/imagenet/model.json failed with status code 404. Please verify this URL points to the model JSON of the model to load.');
    const error = await failure('mobilenet_v1_025', cause);
    expect(error.kind).toBe('model-missing');
    expect(error.message).toMatch(/npm install/);
    expect(error.message).toMatch(/MobileNet v1 0\.25/);
    expect(error.cause).toBe(cause);
  });

  it.each(['Failed to fetch', 'NetworkError when attempting to fetch resource.', 'Not Found'])('maps "%s" to model-missing', async (message) => {
    expect((await failure('mobilenet_v1_075', new Error(message))).kind).toBe('model-missing');
  });

  it('maps a parse failure to model-corrupt, also with a way out', async () => {
    const error = await failure('mobilenet_v1_075', new SyntaxError('Unexpected token < in JSON at position 0'));
    expect(error.kind).toBe('model-corrupt');
    expect(error.message).toMatch(/damaged/);
    expect(error.message).toMatch(/npm install/);
    expect(error.message).toMatch(/MobileNet v1 0\.75/);
  });

  it('handles rejections that are not Errors', async () => {
    expect((await failure('mobilenet_v1_025', 'HTTP 404')).kind).toBe('model-missing');
    expect((await failure('mobilenet_v1_025', { weird: true })).kind).toBe('model-corrupt');
  });
});

describe('isBackboneId', () => {
  it('accepts the two backbones and nothing inherited from Object', () => {
    expect(isBackboneId('mobilenet_v1_025')).toBe(true);
    expect(isBackboneId('mobilenet_v1_075')).toBe(true);
    for (const name of ['constructor', 'toString', '__proto__', 'mobilenet_v2']) expect(isBackboneId(name)).toBe(false);
  });
});
