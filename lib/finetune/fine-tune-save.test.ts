import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, ModelRestoreError } from '../train';
import { fineTune, loadFineTunedClassifier, type FineTunedClassifier } from './fine-tune';
import { splitLayersModel, type SplitBackbone } from './split-backbone';
import { createStubMobileNet, STUB_INPUT } from './test-models';

const CLASSES = ['a', 'b'];

/** Random 0..255 pixels for the stub: [n, 16, 16, 3]. */
function randomImages(n: number, seed: number): tf.Tensor4D {
  const random = createRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * STUB_INPUT * STUB_INPUT * 3 }, () => random() * 255), [n, STUB_INPUT, STUB_INPUT, 3]);
}

/** A classifier fine-tuned for a few epochs on the stub's own cut activations of random images, so its top really moved off the pretrained weights. */
async function trainedClassifier(split: SplitBackbone): Promise<FineTunedClassifier> {
  const images = randomImages(12, 5);
  const cut = split.bottom(images);
  const rows = tf.unstack(cut).map((t) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return values;
  });
  tf.dispose([images, cut]);
  const labels = Int32Array.from(rows.map((_, i) => i % 2));
  const result = await fineTune(split, { classNames: CLASSES, activations: rows, labels }, { epochs: 4, batchSize: 4, learningRate: 0.05, hiddenUnits: 8, validationFraction: 0, seed: 2, learningRateDecay: false, earlyStopping: false });
  if (result.status !== 'trained') throw new Error('expected a trained classifier');
  return result.classifier;
}

async function probabilities(classifier: FineTunedClassifier, pixels: tf.Tensor4D): Promise<Float32Array> {
  const p = classifier.classify(pixels);
  const values = (await p.data()) as Float32Array;
  p.dispose();
  return values;
}

let split: SplitBackbone;
let twoBlocks: SplitBackbone;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  split = splitLayersModel(createStubMobileNet(), 0.25, 1);
  twoBlocks = splitLayersModel(createStubMobileNet(), 0.25, 2);
});

afterAll(() => {
  split.dispose();
  twoBlocks.dispose();
});

describe('saving and rebuilding a fine-tuned classifier', () => {
  it.each([1, 2] as const)('round-trips through plain memory to exactly the same predictions, with the fine-tuned (not the pretrained) top weights, owning only its weights (%i block(s))', async (blocks) => {
    const chosen = blocks === 1 ? split : twoBlocks;
    const classifier = await trainedClassifier(chosen);
    const pixels = randomImages(6, 9);

    const beforeSave = tf.memory().numTensors;
    const artifacts = await classifier.save();
    expect(tf.memory().numTensors - beforeSave).toBe(0);
    expect(artifacts.weightData).toBeInstanceOf(ArrayBuffer);
    const names = (artifacts.weightSpecs ?? []).map((w) => w.name);
    expect(names.some((n) => n.startsWith('conv_dw_13/'))).toBe(true);
    expect(names.some((n) => n.startsWith('conv_pw_13/'))).toBe(true);
    expect(names.some((n) => n.startsWith('conv_pw_12/'))).toBe(blocks === 2);

    const beforeLoad = tf.memory().numTensors;
    const restored = await loadFineTunedClassifier(chosen, artifacts, CLASSES);
    expect(tf.memory().numTensors - beforeLoad).toBe(classifier.top.weights.length + classifier.head.weights.length);

    const [original, again] = [await probabilities(classifier, pixels), await probabilities(restored, pixels)];
    const difference = Math.max(...original.map((v, i) => Math.abs(v - again[i])));
    console.log(`fine-tuned classifier (${blocks} block(s)) save → load: max abs difference over ${pixels.shape[0]} images x ${CLASSES.length} classes = ${difference}`);
    expect(difference).toBe(0);
    // The saved top is the fine-tuned one: it differs from the split's pretrained top.
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(restored.top.getLayer('conv_pw_13').getWeights()[0], chosen.top.getLayer('conv_pw_13').getWeights()[0]))).dataSync()[0]);
    expect(moved).toBeGreaterThan(0);

    const beforeDispose = tf.memory().numTensors;
    restored.dispose();
    expect(beforeDispose - tf.memory().numTensors).toBe(classifier.top.weights.length + classifier.head.weights.length);
    classifier.dispose();
    pixels.dispose();
  });

  it('refuses, in a sentence that says to train again and leaving no tensor, a network fine-tuned at another cut or for other classes', async () => {
    const classifier = await trainedClassifier(split);
    const artifacts = await classifier.save();
    classifier.dispose();
    const otherCut = twoBlocks; // cut [8, 8, 8], not [4, 4, 16]
    const before = tf.memory().numTensors;
    await expect(loadFineTunedClassifier(otherCut, artifacts, CLASSES)).rejects.toThrow(ModelRestoreError);
    await expect(loadFineTunedClassifier(otherCut, artifacts, CLASSES)).rejects.toThrow(/another backbone, so train again\.$/);
    await expect(loadFineTunedClassifier(split, artifacts, ['a', 'b', 'c'])).rejects.toThrow(ModelRestoreError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cannot be saved once disposed', async () => {
    const classifier = await trainedClassifier(split);
    classifier.dispose();
    await expect(classifier.save()).rejects.toThrow(/disposed/);
  });
});
