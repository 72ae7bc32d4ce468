import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import { splitLayersModel } from './split-backbone';
import { createStubMobileNet } from './test-models';
import { createTrainableForward } from './trainable-forward';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function seeded(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  const random = createRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * random()), shape);
}

/** Gives every weight of `model` seeded values (batch-norm variances kept positive). */
function randomizeWeights(model: tf.LayersModel): void {
  model.weights.forEach((w, i) => {
    const shape = w.shape as number[];
    const value = w.originalName.endsWith('variance') ? seeded(shape, 100 + i, 0.5, 2) : seeded(shape, 100 + i);
    w.write(value);
    value.dispose();
  });
}

/**
 * Checks the trainable forward against the Keras layers on the CPU backend (whose slow convolution
 * gradients are fine at this size): same output, and the same gradient for every trainable weight.
 */
function expectSameAsLayers(top: tf.LayersModel, input: tf.Tensor4D, { gradients = true } = {}): void {
  const forward = createTrainableForward(top);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const want = top.predict(input) as tf.Tensor2D;
    const got = forward(input);
    expect(got.shape).toEqual(want.shape);
    expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBeLessThan(1e-5);
    if (!gradients) return;

    const mix = seeded(want.shape, 7); // a loss that weighs every output differently
    const variables = top.trainableWeights.map((w) => w.read() as tf.Variable);
    const viaLayers = tf.variableGrads(() => tf.sum(tf.mul(top.apply(input, { training: false }) as tf.Tensor, mix)), variables).grads;
    const viaOps = tf.variableGrads(() => tf.sum(tf.mul(forward(input), mix)), variables).grads;
    expect(Object.keys(viaOps).sort()).toEqual(Object.keys(viaLayers).sort());
    for (const name of Object.keys(viaLayers)) {
      const scale = tf.max(tf.abs(viaLayers[name])).dataSync()[0];
      expect(scale).toBeGreaterThan(0);
      expect(tf.max(tf.abs(tf.sub(viaOps[name], viaLayers[name]))).dataSync()[0]).toBeLessThan(1e-4 * Math.max(1, scale));
    }
  });
  expect(tf.memory().numTensors).toBe(before);
}

describe('createTrainableForward', () => {
  it.each([1, 2] as const)('matches the stub top with %i block(s) in output and in every weight gradient', (blocks) => {
    const split = splitLayersModel(createStubMobileNet(), 0.25, blocks);
    const input = seeded([3, ...split.cutShape], 3, 0, 3) as tf.Tensor4D;
    expectSameAsLayers(split.top, input);
    input.dispose();
    split.dispose();
  });

  it('covers the other Keras MobileNet layouts: zero padding + valid stride 2, odd sizes with same stride 2, biases, ReLU layers', () => {
    const input = tf.input({ shape: [9, 9, 4] });
    let x = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'valid', useBias: true }).apply(x) as tf.SymbolicTensor; // [5, 5, 4]
    x = tf.layers.batchNormalization({ epsilon: 1e-3 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor; // [3, 3, 4]
    x = tf.layers.conv2d({ filters: 6, kernelSize: 1, useBias: true, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ epsilon: 1e-3 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({}).apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: x });
    randomizeWeights(model);
    const pixels = seeded([2, 9, 9, 4], 5) as tf.Tensor4D;
    expectSameAsLayers(model, pixels);
    pixels.dispose();
    model.dispose();
  });

  it('normalises without gamma or beta (outputs only: the Keras layer cannot take gradients without them)', () => {
    const input = tf.input({ shape: [3, 3, 4] });
    const normed = tf.layers.batchNormalization({ epsilon: 1e-3, center: false, scale: false }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.globalAveragePooling2d({}).apply(normed) as tf.SymbolicTensor });
    randomizeWeights(model);
    const x = seeded([2, 3, 3, 4], 6) as tf.Tensor4D;
    expectSameAsLayers(model, x, { gradients: false });
    x.dispose();
    model.dispose();
  });

  it('refuses, naming the layer, what it cannot express', () => {
    const input = tf.input({ shape: [5, 5, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'wide_conv' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor });
    expect(() => createTrainableForward(model)).toThrow(/wide_conv \(Conv2D\): only 1x1/);
    model.dispose();
  });
});
