import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStubMobileNet, loadLayersModelFromDisk, realModelDir, STUB_INPUT } from '../finetune/test-models';
import { createRandom } from '../train';
import { createFeatureProbe, DEFAULT_TOP_CHANNELS, MOBILENET_FEATURE_LAYERS, type LayerMaps } from './feature-probe';
import { loadFeatureProbe } from './load-feature-probe';
import { mobileNetV1Table } from '../cnn';
import { checkAgainstModel, measureLayers } from './model-layers';
import { mapsSignature } from './signature';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const STUB_LAYERS = ['conv1_relu', 'conv_dw_11_relu', 'conv_pw_11_relu', 'conv_pw_12_relu', 'conv_pw_13_relu'];

/** Seeded 0..255 pixels [16, 16, 3]. */
function randomImage(seed: number): tf.Tensor3D {
  const random = createRandom(seed);
  return tf.tensor3d(Float32Array.from({ length: STUB_INPUT * STUB_INPUT * 3 }, () => Math.floor(random() * 256)), [STUB_INPUT, STUB_INPUT, 3]);
}

/** The layer's activation [h, w, c] by another route than the probe's: the whole model executed to that layer. */
function reference(model: tf.LayersModel, pixels: tf.Tensor3D, layer: string): number[][][] {
  return tf.tidy(() => {
    const scaled = tf.sub(tf.div(pixels.expandDims(0), 127.5), 1);
    return (model.execute(scaled, outputName(model, layer)) as tf.Tensor4D).squeeze([0]).arraySync() as number[][][];
  });
}

function outputName(model: tf.LayersModel, layer: string): string {
  return (model.getLayer(layer).output as tf.SymbolicTensor).name;
}

describe('createFeatureProbe', () => {
  it('lists the MobileNet layers in network order: the stem and 13 depthwise/pointwise pairs', () => {
    expect(MOBILENET_FEATURE_LAYERS).toHaveLength(27);
    expect(MOBILENET_FEATURE_LAYERS.slice(0, 3)).toEqual(['conv1_relu', 'conv_dw_1_relu', 'conv_pw_1_relu']);
    expect(MOBILENET_FEATURE_LAYERS.at(-1)).toBe('conv_pw_13_relu');
  });

  it('gives each layer its activation shape', () => {
    const probe = createFeatureProbe(createStubMobileNet(), STUB_LAYERS);
    expect(probe.layers.map((l) => [l.name, l.height, l.width, l.channels])).toEqual([
      ['conv1_relu', 8, 8, 8],
      ['conv_dw_11_relu', 8, 8, 8],
      ['conv_pw_11_relu', 8, 8, 8],
      ['conv_pw_12_relu', 4, 4, 16],
      ['conv_pw_13_relu', 4, 4, 16],
    ]);
    probe.dispose();
  });

  it('returns the strongest channels by mean activation, strongest first, each scaled to its own 0..255', async () => {
    const model = createStubMobileNet(3);
    const probe = createFeatureProbe(model, STUB_LAYERS);
    const pixels = randomImage(5);
    const want = reference(model, pixels, 'conv_pw_12_relu'); // [4, 4, 16]
    const got = await probe.maps(pixels, 'conv_pw_12_relu', 5);
    expect([got.name, got.height, got.width, got.channels]).toEqual(['conv_pw_12_relu', 4, 4, 16]);
    expect(got.maps).toHaveLength(5);

    const channelMean = (c: number) => want.flat().reduce((s, px) => s + px[c], 0) / 16;
    const allMeans = Array.from({ length: 16 }, (_, c) => channelMean(c));
    const chosen = got.maps.map((m) => m.channel);
    expect(new Set(chosen).size).toBe(5);
    got.maps.forEach((m) => expect(m.mean).toBeCloseTo(allMeans[m.channel], 4));
    for (let i = 1; i < 5; i += 1) expect(got.maps[i].mean).toBeLessThanOrEqual(got.maps[i - 1].mean);
    // Nothing left out answers more strongly than the weakest channel shown.
    const weakest = got.maps[4].mean;
    allMeans.forEach((mean, c) => chosen.includes(c) || expect(mean).toBeLessThanOrEqual(weakest + 1e-6));

    for (const map of got.maps) {
      const values = want.flat().map((px) => px[map.channel]);
      const low = Math.min(...values);
      const high = Math.max(...values);
      expect(map.values).toHaveLength(16);
      if (high > low) {
        expect(Array.from(map.values)).toEqual(values.map((v) => Math.round(((v - low) / (high - low)) * 255)));
      } else {
        expect(Array.from(map.values)).toEqual(new Array(16).fill(0));
      }
    }
    pixels.dispose();
    probe.dispose();
  });

  it('scales pixels to [-1, 1] as the Keras models want: grey 127.5 is a zero input', async () => {
    const model = createStubMobileNet(4);
    const probe = createFeatureProbe(model, STUB_LAYERS);
    const grey = tf.fill([STUB_INPUT, STUB_INPUT, 3], 127.5) as tf.Tensor3D;
    const zeros = tf.zeros([STUB_INPUT, STUB_INPUT, 3]) as tf.Tensor3D;
    const want = tf.tidy(() => (model.execute(tf.zeros([1, STUB_INPUT, STUB_INPUT, 3]), outputName(model, 'conv1_relu')) as tf.Tensor).mean([0, 1, 2]).arraySync() as number[]);
    const got = await probe.maps(grey, 'conv1_relu', 8);
    got.maps.forEach((m) => expect(m.mean).toBeCloseTo(want[m.channel], 5));
    const fromZeros = await probe.maps(zeros, 'conv1_relu', 8);
    expect(fromZeros.maps.map((m) => m.mean)).not.toEqual(got.maps.map((m) => m.mean));
    tf.dispose([grey, zeros]);
    probe.dispose();
  });

  it('gives all channels when asked for more than the layer has, 16 by default', async () => {
    const probe = createFeatureProbe(createStubMobileNet(), STUB_LAYERS);
    const pixels = randomImage(1);
    expect((await probe.maps(pixels, 'conv1_relu', 100)).maps).toHaveLength(8);
    expect((await probe.maps(pixels, 'conv_pw_13_relu')).maps).toHaveLength(DEFAULT_TOP_CHANNELS);
    pixels.dispose();
    probe.dispose();
  });

  it('leaves tensor memory unchanged over many calls, and frees every weight on dispose', async () => {
    const before = tf.memory().numTensors;
    const probe = createFeatureProbe(createStubMobileNet(), STUB_LAYERS);
    const withModel = tf.memory().numTensors;
    expect(withModel).toBeGreaterThan(before);
    const pixels = randomImage(2);
    const mark = tf.memory().numTensors;
    for (let i = 0; i < 30; i += 1) {
      await probe.maps(pixels, STUB_LAYERS[i % STUB_LAYERS.length]);
      expect(tf.memory().numTensors).toBe(mark);
    }
    // Calls in parallel each free their own tensors too.
    await Promise.all(STUB_LAYERS.map((layer) => probe.maps(pixels, layer)));
    expect(tf.memory().numTensors).toBe(mark);
    pixels.dispose();
    probe.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => probe.dispose()).not.toThrow();
  });

  it('refuses unknown layers, and calls after dispose', async () => {
    const before = tf.memory().numTensors;
    const model = createStubMobileNet();
    expect(() => createFeatureProbe(model, ['conv1_relu', 'conv_pw_1_relu'])).toThrow(/no layer named conv_pw_1_relu/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const probe = createFeatureProbe(createStubMobileNet(), ['conv1_relu']);
    const pixels = randomImage(3);
    await expect(probe.maps(pixels, 'conv_pw_13_relu')).rejects.toThrow(/not made for layer conv_pw_13_relu/);
    probe.dispose();
    await expect(probe.maps(pixels, 'conv1_relu')).rejects.toThrow(/disposed/);
    pixels.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('mapsSignature', () => {
  const maps = (values: number[], channel = 3): LayerMaps => ({ name: 'conv1_relu', height: 2, width: 2, channels: 8, maps: [{ channel, mean: 1, values: Uint8Array.from(values) }] });

  it('is 8 hex digits, equal for equal grids, different when a value, a channel or the layer changes', () => {
    const a = mapsSignature(maps([0, 10, 20, 255]));
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(mapsSignature(maps([0, 10, 20, 255]))).toBe(a);
    expect(mapsSignature(maps([0, 10, 21, 255]))).not.toBe(a);
    expect(mapsSignature(maps([0, 10, 20, 255], 4))).not.toBe(a);
    expect(mapsSignature({ ...maps([0, 10, 20, 255]), name: 'conv_pw_1_relu' })).not.toBe(a);
  });
});

describe('loadFeatureProbe', () => {
  it('loads the Keras layers model of the backbone from the app origin', async () => {
    const urls: string[] = [];
    const load = async (url: string) => {
      urls.push(url);
      return createStubMobileNet();
    };
    // The stub lacks blocks 1..10, so the probe over all 27 layers cannot be made: a damaged model.
    await expect(loadFeatureProbe('mobilenet_v1_025', { loadLayersModel: load })).rejects.toMatchObject({ name: 'ModelLoadError', kind: 'model-corrupt' });
    await expect(loadFeatureProbe('mobilenet_v1_075', { loadLayersModel: load, modelBaseUrl: '/base' })).rejects.toMatchObject({ kind: 'model-corrupt' });
    expect(urls).toEqual(['/models/mobilenet_v1_025_224/model.json', '/base/mobilenet_v1_075_224/model.json']);
  });

  it('frees the model it could not probe', async () => {
    const before = tf.memory().numTensors;
    await expect(loadFeatureProbe('mobilenet_v1_025', { loadLayersModel: async () => createStubMobileNet() })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('maps a missing file to model-missing with a way out', async () => {
    const error = new Error('Request to /models/mobilenet_v1_075_224/model.json failed with status code 404.');
    await expect(loadFeatureProbe('mobilenet_v1_075', { loadLayersModel: () => Promise.reject(error) })).rejects.toMatchObject({
      kind: 'model-missing',
      message: expect.stringMatching(/npm install/),
    });
  });
});

const REAL_025 = realModelDir('mobilenet_v1_025_224');

describe('the real MobileNet v1 0.25 (Keras weights)', () => {
  it.skipIf(!fs.existsSync(path.join(REAL_025, 'model.json')))('probes all 27 layers with the shapes of the architecture, without leaking', async () => {
    const before = tf.memory().numTensors;
    const model = await loadLayersModelFromDisk(REAL_025);
    const measured = measureLayers(model);
    const byName = new Map(measured.map((l) => [l.name, l]));
    expect(byName.get('conv1')).toMatchObject({ type: 'Conv2D', outputShape: [112, 112, 8], params: 3 * 3 * 3 * 8 });
    expect(byName.get('conv_dw_13')).toMatchObject({ type: 'DepthwiseConv2D', outputShape: [7, 7, 256], params: 3 * 3 * 256 });
    expect(byName.get('conv_pw_13')).toMatchObject({ type: 'Conv2D', outputShape: [7, 7, 256], params: 256 * 256 });
    const total = measured.reduce((n, l) => n + l.params, 0);
    console.log(`MobileNet v1 0.25 (Keras, with the ImageNet classifier): ${measured.length} layers, ${total} parameters`);
    expect(total).toBe(475_544);
    // The architecture view's table (lib/cnn's formulas) agrees with the real model on every layer.
    const table = mobileNetV1Table(0.25);
    expect(table.totalParams).toBe(total);
    expect([...checkAgainstModel(table.rows, measured).values()].filter((c) => c.status !== 'match')).toEqual([]);

    const probe = createFeatureProbe(model, MOBILENET_FEATURE_LAYERS);
    expect(probe.modelLayers).toEqual(measured);
    expect(probe.layers.find((l) => l.name === 'conv_pw_13_relu')).toEqual({ name: 'conv_pw_13_relu', height: 7, width: 7, channels: 256 });
    expect(probe.layers.find((l) => l.name === 'conv_dw_2_relu')).toEqual({ name: 'conv_dw_2_relu', height: 56, width: 56, channels: 16 });
    const random = createRandom(9);
    const pixels = tf.tensor3d(Float32Array.from({ length: 224 * 224 * 3 }, () => Math.floor(random() * 256)), [224, 224, 3]);
    const mark = tf.memory().numTensors;
    const early = await probe.maps(pixels, 'conv1_relu');
    const deep = await probe.maps(pixels, 'conv_pw_13_relu');
    expect(tf.memory().numTensors).toBe(mark);
    expect([early.height, early.maps.length, deep.height, deep.maps.length]).toEqual([112, 8, 7, 16]);
    pixels.dispose();
    probe.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
