import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDING_LAYER, ModelLoadError } from '../backbone';
import { createRandom, proposeStrategy, STRATEGY_THRESHOLDS } from '../train';
import { cutActivations, loadSplitBackbone, splitLayersModel, type TrainableBlocks } from './split-backbone';
import { createStubMobileNet, loadLayersModelFromDisk, realModelDir, STUB_INPUT } from './test-models';
import { createTrainableForward } from './trainable-forward';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Random 0..255 integer pixels, [batch, size, size, 3]. */
function randomPixels(batch: number, size: number, seed: number): tf.Tensor4D {
  const random = createRandom(seed);
  return tf.tensor4d(Int32Array.from({ length: batch * size * size * 3 }, () => Math.floor(random() * 256)), [batch, size, size, 3], 'int32');
}

/** What the full model gives at its last block, pooled: [batch, channels]. Reuses `full`'s layers, so never disposed itself. */
function fullEmbedding(full: tf.LayersModel, pixels: tf.Tensor4D): tf.Tensor2D {
  const lastBlock = tf.model({ inputs: full.inputs, outputs: full.getLayer(EMBEDDING_LAYER).output as tf.SymbolicTensor });
  return tf.tidy(() => tf.mean(lastBlock.predict(tf.sub(tf.div(tf.cast(pixels, 'float32'), 127.5), 1)) as tf.Tensor4D, [1, 2]) as tf.Tensor2D);
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

const EXPECTED: Record<TrainableBlocks, { cutShape: number[]; layers: string[] }> = {
  1: { cutShape: [4, 4, 16], layers: ['conv_dw_13', 'conv_dw_13_bn', 'conv_pw_13', 'conv_pw_13_bn'] },
  2: { cutShape: [8, 8, 8], layers: ['conv_dw_12', 'conv_dw_12_bn', 'conv_pw_12', 'conv_pw_12_bn', 'conv_dw_13', 'conv_dw_13_bn', 'conv_pw_13', 'conv_pw_13_bn'] },
};

describe('splitLayersModel (stub MobileNet, 16x16 input)', () => {
  it.each([1, 2] as const)('with %i trainable block(s): cut shape read from the model, bottom then top equals the full model pooled, one new tensor per call', (blocks) => {
    const before = tf.memory().numTensors;
    const full = createStubMobileNet();
    const split = splitLayersModel(full, 0.25, blocks);
    expect(split.alpha).toBe(0.25);
    expect(split.trainableBlocks).toBe(blocks);
    expect(split.cutShape).toEqual(EXPECTED[blocks].cutShape);
    expect(split.trainableLayerNames).toEqual(EXPECTED[blocks].layers);
    // The same layers the strategy advice names to the user.
    const smallestClass = blocks === 1 ? STRATEGY_THRESHOLDS.fineTuneTop : STRATEGY_THRESHOLDS.fineTuneMore;
    expect([...split.trainableLayerNames, 'head']).toEqual(proposeStrategy([smallestClass]).trainableLayers);
    // Per block: depthwise kernel, pointwise kernel, and gamma + beta of each batch norm; the moving statistics never train.
    expect(split.top.trainableWeights).toHaveLength(6 * blocks);
    expect(split.top.nonTrainableWeights).toHaveLength(4 * blocks);
    expect(split.top.outputs[0].shape).toEqual([null, 16]);

    const pixels = randomPixels(3, STUB_INPUT, 5);
    let mark = tf.memory().numTensors;
    const cut = split.bottom(pixels);
    expect(tf.memory().numTensors - mark).toBe(1);
    expect(cut.shape).toEqual([3, ...EXPECTED[blocks].cutShape]);
    mark = tf.memory().numTensors;
    const pooled = split.top.predict(cut) as tf.Tensor2D;
    expect(tf.memory().numTensors - mark).toBe(1);
    const want = fullEmbedding(full, pixels);
    expect(pooled.shape).toEqual([3, 16]);
    expect(maxAbsDifference(pooled, want)).toBeLessThan(1e-5);
    // The comparison is not vacuous: the embedding varies across images.
    expect(tf.tidy(() => maxAbsDifference(tf.slice(want, 0, 1), tf.slice(want, 1, 1)))).toBeGreaterThan(1e-2);

    tf.dispose([pixels, cut, pooled, want]);
    split.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("gives the top its own weights: changing them leaves the full model's as they were", () => {
    const full = createStubMobileNet();
    const split = splitLayersModel(full, 0.75, 1);
    const original = full.getLayer('conv_pw_13').getWeights()[0].clone();
    const topLayer = split.top.getLayer('conv_pw_13');
    expect(maxAbsDifference(topLayer.getWeights()[0], original)).toBe(0);
    tf.tidy(() => topLayer.setWeights([tf.zerosLike(original)]));
    expect(tf.tidy(() => tf.max(tf.abs(topLayer.getWeights()[0])).dataSync()[0])).toBe(0);
    expect(maxAbsDifference(full.getLayer('conv_pw_13').getWeights()[0], original)).toBe(0);
    original.dispose();
    split.dispose();
  });

  it('leaves a shared full model alive when told it does not own it', () => {
    const before = tf.memory().numTensors;
    const full = createStubMobileNet();
    const withFull = tf.memory().numTensors;
    const one = splitLayersModel(full, 0.25, 1, { ownsFull: false });
    const two = splitLayersModel(full, 0.25, 2, { ownsFull: false });
    one.dispose();
    two.dispose();
    expect(tf.memory().numTensors).toBe(withFull);
    const pixels = randomPixels(1, STUB_INPUT, 1);
    const output = full.predict(pixels) as tf.Tensor;
    expect(output.shape).toEqual([1, 5]);
    tf.dispose([pixels, output]);
    full.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a model without the cut layer as corrupt, and rejects a block count it cannot split', () => {
    const input = tf.input({ shape: [STUB_INPUT, STUB_INPUT, 3] });
    const wrong = tf.model({ inputs: input, outputs: tf.layers.conv2d({ filters: 2, kernelSize: 1, name: EMBEDDING_LAYER }).apply(input) as tf.SymbolicTensor });
    try {
      expect(() => splitLayersModel(wrong, 0.25, 1)).toThrow(ModelLoadError);
      expect(() => splitLayersModel(wrong, 0.25, 1)).toThrow(/damaged/);
    } finally {
      wrong.dispose();
    }
    const full = createStubMobileNet();
    expect(() => splitLayersModel(full, 0.25, 3 as TrainableBlocks)).toThrow(RangeError);
    full.dispose();
  });
});

describe('loadSplitBackbone', () => {
  it('loads the layers model for the alpha from the app origin or modelBaseUrl', async () => {
    const urls: string[] = [];
    const loadModel = async (url: string) => (urls.push(url), createStubMobileNet());
    const a = await loadSplitBackbone(0.75, 1, { loadModel });
    const b = await loadSplitBackbone(0.25, 2, { loadModel, modelBaseUrl: 'https://cdn.example/m' });
    expect(urls).toEqual(['/models/mobilenet_v1_075_224/model.json', 'https://cdn.example/m/mobilenet_v1_025_224/model.json']);
    expect([a.cutShape, b.cutShape]).toEqual([EXPECTED[1].cutShape, EXPECTED[2].cutShape]);
    a.dispose();
    b.dispose();
  });

  it('maps a 404 to model-missing, and frees a loaded model it cannot split', async () => {
    const missing = loadSplitBackbone(0.25, 1, { loadModel: () => Promise.reject(new Error('Request failed with status code 404')) });
    await expect(missing).rejects.toMatchObject({ name: 'ModelLoadError', kind: 'model-missing', message: expect.stringMatching(/npm install/) });

    const before = tf.memory().numTensors;
    const input = tf.input({ shape: [4] });
    const loadModel = async () => tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    await expect(loadSplitBackbone(0.75, 1, { loadModel })).rejects.toMatchObject({ kind: 'model-corrupt', message: expect.stringMatching(/MobileNet v1 0\.75/) });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cutActivations', () => {
  it('returns one flattened CPU row per image, equal to the bottom, and frees what it makes', async () => {
    const split = splitLayersModel(createStubMobileNet(), 0.25, 2);
    const pixels = randomPixels(2, STUB_INPUT, 9);
    const want = split.bottom(pixels);
    const before = tf.memory().numTensors;
    const rows = await cutActivations(split, pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => r.length)).toEqual([8 * 8 * 8, 8 * 8 * 8]);
    const flat = want.dataSync();
    expect(Array.from(rows[1])).toEqual(Array.from(flat.slice(512, 1024)));
    tf.dispose([pixels, want]);
    split.dispose();
  });
});

const REAL_025 = realModelDir('mobilenet_v1_025_224');

describe('the real MobileNet v1 0.25 layers model', () => {
  it.skipIf(!fs.existsSync(path.join(REAL_025, 'model.json')))(
    'splits into [7, 7, 256] (1 block) and [14, 14, 128] (2 blocks) cuts whose bottom then top (layers and trainable forward) equals the full conv_pw_13_relu mean',
    async () => {
      const before = tf.memory().numTensors;
      const full = await loadLayersModelFromDisk(REAL_025);
      const pixels = randomPixels(1, 224, 3);
      const want = fullEmbedding(full, pixels); // [1, 256]
      for (const [blocks, cutShape] of [
        [1, [7, 7, 256]],
        // Block 12's pointwise conv is where the channels double (512α → 1024α), so the 2-block cut has 128 for α = 0.25.
        [2, [14, 14, 128]],
      ] as const) {
        const split = splitLayersModel(full, 0.25, blocks, { ownsFull: false });
        expect(split.cutShape).toEqual(cutShape);
        expect(split.trainableLayerNames).toEqual(EXPECTED[blocks].layers);
        const cut = split.bottom(pixels);
        const got = split.top.predict(cut) as tf.Tensor2D;
        expect(got.shape).toEqual([1, 256]);
        expect(maxAbsDifference(got, want)).toBeLessThan(1e-4);
        // What training differentiates computes the same embedding.
        const trainable = tf.tidy(() => createTrainableForward(split.top)(cut));
        expect(maxAbsDifference(trainable, want)).toBeLessThan(1e-4);
        tf.dispose([cut, got, trainable]);
        split.dispose();
      }
      tf.dispose([pixels, want]);
      full.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
