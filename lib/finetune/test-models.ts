import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../train';

/*
 * Test-only helpers (Node): a tiny stand-in for Keras MobileNet v1 and a loader for the real model
 * files on disk. index.ts does not export them, and browser code must not import them.
 */

export const STUB_INPUT = 16;

/** Blocks 11..13 of the stub: [block, depthwise stride, pointwise filters]. Block 12 halves the grid, as in MobileNet. */
const STUB_BLOCKS: readonly [number, number, number][] = [
  [11, 1, 8],
  [12, 2, 16],
  [13, 1, 16],
];

/**
 * [b, 16, 16, 3] → conv1 (stride 2) → blocks 11, 12, 13 named like MobileNet's (conv_dw_N, _bn, _relu,
 * conv_pw_N, _bn, _relu) → pool → softmax over 5 "ImageNet" classes. Cut shapes: conv_pw_11_relu
 * [8, 8, 8], conv_pw_12_relu [4, 4, 16], conv_pw_13_relu [4, 4, 16]. Every weight is seeded, and the
 * batch norms get non-trivial moving statistics, so inference mode differs from batch statistics.
 */
export function createStubMobileNet(seed = 1): tf.LayersModel {
  const input = tf.input({ shape: [STUB_INPUT, STUB_INPUT, 3] });
  const bn = (name: string) => tf.layers.batchNormalization({ name, epsilon: 1e-3 });
  const relu6 = (name: string) => tf.layers.activation({ name, activation: 'relu6' });
  let x = tf.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
  x = relu6('conv1_relu').apply(bn('conv1_bn').apply(x)) as tf.SymbolicTensor;
  for (const [n, strides, filters] of STUB_BLOCKS) {
    x = tf.layers.depthwiseConv2d({ name: `conv_dw_${n}`, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
    x = relu6(`conv_dw_${n}_relu`).apply(bn(`conv_dw_${n}_bn`).apply(x)) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ name: `conv_pw_${n}`, filters, kernelSize: 1, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
    x = relu6(`conv_pw_${n}_relu`).apply(bn(`conv_pw_${n}_bn`).apply(x)) as tf.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ name: 'preds', units: 5, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });

  const random = createRandom(seed);
  const uniform = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * random());
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const isBatchNorm = layer.getClassName() === 'BatchNormalization';
    const values = layer.weights.map((w, i) => {
      const shape = w.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const fanIn = layer.getClassName() === 'DepthwiseConv2D' ? shape[0] * shape[1] : size / shape[shape.length - 1];
      // Batch norms: gamma, beta, moving mean, moving variance. Kernels: scaled by fan-in so activations stay O(1).
      const data = isBatchNorm ? [uniform(size, 0.5, 1.5), uniform(size, -0.2, 0.4), uniform(size, -0.3, 0.3), uniform(size, 0.5, 2)][i] : uniform(size, -1, 1).map((v) => v * Math.sqrt(3 / fanIn));
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

/** Where the real model files are copied by `npm install`. */
export function realModelDir(folder: 'mobilenet_v1_025_224' | 'mobilenet_v1_075_224'): string {
  return path.join(process.cwd(), 'public', 'models', folder);
}

/** Loads a tfjs layers model from a folder on disk (Node has no fetch handler for file paths). */
export async function loadLayersModelFromDisk(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const groups = json.weightsManifest;
  const buffers = groups.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.length;
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: groups.flatMap((group) => group.weights), weightData: weightData.buffer }),
  );
}
