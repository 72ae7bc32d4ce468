import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import { fineTune } from './fine-tune';
import { splitLayersModel, type SplitBackbone } from './split-backbone';
import { createStubMobileNet } from './test-models';

/*
 * The WASM backend, which the app picks when WebGL is software-rendered, has no kernels for the
 * convolution gradients (Conv2DBackpropFilter, DepthwiseConv2dNative backprops): fine-tuning must
 * still work there. This file runs on its own backend (vitest isolates test files).
 */

let split: SplitBackbone;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  // IS_TEST makes tfjs count data ids around every kernel; on WASM that check misfires for the
  // tensors fused ops save for their gradients. The app never runs with it; the counts below still hold.
  tf.env().set('IS_TEST', false);
  split = splitLayersModel(createStubMobileNet(), 0.25, 2);
});

afterAll(() => {
  split.dispose();
  tf.env().set('IS_TEST', true);
});

describe('fineTune on the WASM backend', () => {
  it('trains two blocks and the head, and leaves only the classifier’s weights', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const random = createRandom(2);
    const size = split.cutShape.reduce((a, b) => a * b, 1);
    const labels = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    // Class 1 rows are brighter: easy to separate.
    const activations = Array.from(labels, (label) => Float32Array.from({ length: size }, () => random() + 2 * label));
    const before = tf.memory().numTensors;
    const result = await fineTune(split, { classNames: ['dim', 'bright'], activations, labels }, { epochs: 3, batchSize: 8, learningRate: 0.05, seed: 1 }, {});
    if (result.status !== 'trained') throw new Error('expected a trained classifier');
    expect(result.history).toHaveLength(3);
    expect(result.history.every((r) => Number.isFinite(r.loss))).toBe(true);
    const { classifier } = result;
    expect(tf.memory().numTensors - before).toBe(classifier.top.weights.length + classifier.head.weights.length);
    // The backbone copy moved.
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(classifier.top.getLayer('conv_pw_12').getWeights()[0], split.top.getLayer('conv_pw_12').getWeights()[0]))).dataSync()[0]);
    expect(moved).toBeGreaterThan(0);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
