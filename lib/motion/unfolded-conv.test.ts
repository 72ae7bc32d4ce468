import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMotionNetwork, DEFAULT_MOTION_NET, type TemporalConv } from './temporal-net';
import { motionInputSize } from './window';
import { createTrainableMotionNetwork, UnfoldedConv1D } from './unfolded-conv';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const close = (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  expect(diff).toBeLessThan(1e-4);
};

describe('UnfoldedConv1D', () => {
  const cases: [frames: number, conv: TemporalConv][] = [];
  for (const frames of [9, 16])
    for (const kernel of [1, 2, 3, 4, 5])
      for (const stride of [1, 2, 3])
        for (const padding of ['same', 'valid'] as const) cases.push([frames, { filters: 3, kernel, stride, padding }]);

  it.each(cases)('computes what TF.js conv1d computes: %i frames, %o', (frames, conv) => {
    const unfolded = tf.sequential({ layers: [new UnfoldedConv1D({ ...conv, seed: 1, inputShape: [frames, 2] })] });
    const plain = tf.sequential({ layers: [tf.layers.conv1d({ inputShape: [frames, 2], filters: conv.filters, kernelSize: conv.kernel, strides: conv.stride, padding: conv.padding, activation: 'relu' })] });
    plain.setWeights(tf.tidy(() => [tf.randomNormal([conv.kernel, 2, conv.filters], 0, 1, 'float32', 3), tf.randomNormal([conv.filters], 0, 1, 'float32', 4)]));
    unfolded.setWeights(plain.getWeights());
    expect(unfolded.outputShape).toEqual(plain.outputShape);
    tf.tidy(() => {
      const x = tf.randomNormal([2, frames, 2], 0, 1, 'float32', 5);
      close(unfolded.predict(x) as tf.Tensor, plain.predict(x) as tf.Tensor);
    });
    unfolded.dispose();
    plain.dispose();
  });

  it('gives the plain network its weights: the twins then agree', () => {
    const spec = { ...DEFAULT_MOTION_NET, dropout: 0 };
    const trainable = createTrainableMotionNetwork(spec, 4, 7);
    const network = createMotionNetwork(spec, 4, 7);
    expect(trainable.getWeights().map((w) => w.shape)).toEqual(network.getWeights().map((w) => w.shape));
    network.setWeights(trainable.getWeights());
    tf.tidy(() => {
      const x = tf.randomNormal([3, spec.windowFrames, motionInputSize(spec.input)], 0, 1, 'float32', 2);
      close(trainable.predict(x) as tf.Tensor, network.predict(x) as tf.Tensor);
    });
    trainable.dispose();
    network.dispose();
  });

  it('has gradients for its kernel and bias, and leaves no tensor', () => {
    const layer = tf.sequential({ layers: [new UnfoldedConv1D({ filters: 2, kernel: 3, stride: 2, padding: 'same', seed: 1, inputShape: [7, 2] })] });
    const before = tf.memory().numTensors;
    const { grads } = tf.tidy(() => {
      const x = tf.randomNormal([2, 7, 2], 0, 1, 'float32', 1);
      const result = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar);
      return { grads: Object.values(result.grads).map((g) => g.shape) };
    });
    expect(grads).toEqual([[3, 2, 2], [2]]);
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
  });
});
