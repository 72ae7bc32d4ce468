import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hand } from '../hand';
import { createMotionModel, createMotionNetwork, DEFAULT_GONE_MS, DEFAULT_PEAK_OPTIONS, loadMotionModel, MOTION_MODEL_VERSION, MOTION_ROW_LAYOUT, MOTION_ROW_SIZE, motionRow, type SavedMotionModel } from '../motion';
import { handAt } from '../motion/test-motions';
import { testSavedMotionModel, TINY_MOTION_NET } from '../motion/test-motion-project';
import { text, zipEntries } from '../project/test-zip';
import { headModel } from '../classify';
import { createHead, createHeadModel } from '../train';
import { ExportError, exportModelBundle, exportTrainedModel, type ModelBundleMetadata } from '.';
import { gestureModel } from './test-gesture-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DATE = new Date('2026-11-28T12:00:00Z');
const MOTION_LABELS = ['Swipe left', 'Swipe right', 'No motion'];
/** Stand-ins for MobileNet 0.25's graph files: the export copies them, it does not run them. */
const BACKBONE_JSON = text(JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['group1-shard1of1'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] }));
const readModelFile = async (path: string) => (path.endsWith('model.json') ? BACKBONE_JSON : new Uint8Array(8));
const readModuleFile = async (name: string) => text(`// ${name}`);

/** A bundle of a small whole-frame head, with `motion` when given. */
async function bundle(motion?: SavedMotionModel): Promise<Map<string, Uint8Array>> {
  const model = createHeadModel({ embeddingSize: 256, classCount: 2, hiddenUnits: 0, seed: 3 });
  const head = createHead(model, ['Open', 'Fist'], 256);
  try {
    return await zipEntries(
      await exportModelBundle({ head, labels: ['Open', 'Fist'], backboneId: 'mobilenet_v1_025', inputMode: 'frame', date: DATE, readModelFile, readModuleFile, ...(motion ? { motion } : {}) }),
    );
  } finally {
    head.dispose();
  }
}

const metadataOf = (files: Map<string, Uint8Array>) => JSON.parse(new TextDecoder().decode(files.get('metadata.json'))) as ModelBundleMetadata;
const readmeOf = (files: Map<string, Uint8Array>) => new TextDecoder().decode(files.get('README.md'));

/**
 * The README's motion code, run as written (its imports, the fetch of metadata.json and the model's
 * load given instead): what a person who follows the README gets.
 */
function readmeMotionCode(readme: string, motion: NonNullable<ModelBundleMetadata['motion']>, motionModel: tf.LayersModel) {
  const block = readme.slice(readme.indexOf('## Motion gestures')).match(/```js\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('The README has no motion code.');
  const body = block
    .replace(/^import .*$/gm, '')
    .replace(/^const \{ motion \} = .*$/m, '')
    .replace(/^const motionModel = .*$/m, '');
  const make = new Function('tf', 'landmarkFeatures', 'motion', 'motionModel', `${body}\nreturn { motionRow, classifyMotion };`);
  return make(tf, gestureModel.landmarkFeatures, motion, motionModel) as {
    motionRow(hand: Hand | null, width: number, height: number): Float32Array;
    classifyMotion(rows: Float32Array[]): Promise<{ label: string; probability: number }[]>;
  };
}

describe('a model bundle with the motion model', () => {
  it('carries motion/model.json + weights.bin, loadable by tf.loadLayersModel, and says in metadata.json how to feed it', async () => {
    const saved = await testSavedMotionModel(MOTION_LABELS, 'No motion');
    const files = await bundle(saved);
    expect([...files.keys()].filter((name) => name.startsWith('motion/')).sort()).toEqual(['motion/model.json', 'motion/weights.bin']);
    const meta = metadataOf(files);
    expect(meta.formatVersion).toBe(1);
    expect(meta.motion).toEqual({
      modelPath: 'motion/model.json',
      version: MOTION_MODEL_VERSION,
      labels: MOTION_LABELS,
      idleClass: 'No motion',
      frameRate: 15,
      windowFrames: TINY_MOTION_NET.windowFrames,
      row: { size: MOTION_ROW_SIZE, layout: MOTION_ROW_LAYOUT, landmarkFeatures: { version: 1, options: { rotation: false } } },
      input: { kind: 'path', size: 4, pathScale: 4, logSizeScale: TINY_MOTION_NET.sizeScale },
      resample: { rate: 15, maxGapMs: 350, settleMs: 200 },
      peak: { ...DEFAULT_PEAK_OPTIONS, goneMs: DEFAULT_GONE_MS },
      output: 'softmax probabilities [n, labels.length]',
    });
    // The bundle's own module still accepts the metadata.
    expect(() => gestureModel.checkMetadata(meta)).not.toThrow();

    const before = tf.memory().numTensors;
    const json = JSON.parse(new TextDecoder().decode(files.get('motion/model.json')));
    const weights = files.get('motion/weights.bin') as Uint8Array;
    const network = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.slice().buffer }));
    const app = await loadMotionModel(saved);
    const window = new Float32Array(TINY_MOTION_NET.windowFrames * MOTION_ROW_SIZE).map((_, i) => Math.cos(i / 7));
    const inputs = tf.tensor3d(Float32Array.from({ length: 12 * 4 }, (_, i) => Math.sin(i)), [1, 12, 4]);
    const [fromFiles, fromApp] = [network.predict(inputs) as tf.Tensor, app.predict(inputs as tf.Tensor3D)];
    expect(Array.from(await fromFiles.data())).toEqual(Array.from(await fromApp.data()));
    tf.dispose([inputs, fromFiles, fromApp]);
    expect((await app.classify(window)).length).toBe(3);
    network.dispose();
    app.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has a README whose motion code, run as written, makes the app’s rows and the app’s probabilities', async () => {
    const saved = { ...(await testSavedMotionModel(MOTION_LABELS, 'No motion', 11)) };
    const files = await bundle(saved);
    const readme = readmeOf(files);
    expect(readme).toContain('## Motion gestures');
    expect(readme).toContain('| `motion/model.json` + `weights.bin` |');
    expect(readme).toMatch(/at least 0\.8 for 2 rows/);

    const meta = metadataOf(files);
    const json = JSON.parse(new TextDecoder().decode(files.get('motion/model.json')));
    const network = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: (files.get('motion/weights.bin') as Uint8Array).slice().buffer }));
    const code = readmeMotionCode(readme, meta.motion as NonNullable<ModelBundleMetadata['motion']>, network);
    const app = await loadMotionModel(saved);

    // A swipe across a 4:3 frame, a frame without a hand in the middle of it.
    const hands = Array.from({ length: TINY_MOTION_NET.windowFrames }, (_, i) => (i === 5 ? null : handAt({ x: -0.4 + i * 0.06, y: 0.05 * Math.sin(i), size: 0.2 + i * 0.005 }, 4 / 3)));
    const rows = hands.map((hand) => code.motionRow(hand, 640, 480));
    hands.forEach((hand, i) => {
      const expected = hand ? motionRow(hand, 640, 480) : new Float32Array(MOTION_ROW_SIZE);
      Array.from(rows[i]).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    });
    const flat = new Float32Array(rows.length * MOTION_ROW_SIZE);
    rows.forEach((row, i) => flat.set(row, i * MOTION_ROW_SIZE));
    const [outside, inside] = [await code.classifyMotion(rows), await app.classify(flat)];
    expect(outside.map((p) => p.label)).toEqual(MOTION_LABELS);
    outside.forEach((p, i) => expect(p.probability).toBeCloseTo(inside[i], 5));
    network.dispose();
    app.dispose();
  });

  it('the README’s code also feeds a path-and-pose model as the app does', async () => {
    const spec = { ...TINY_MOTION_NET, input: 'path-and-pose' as const };
    const model = createMotionModel(createMotionNetwork(spec, 2, 5), spec, ['Wave', 'Rest'], null);
    const saved = await model.save();
    model.dispose();
    const files = await bundle(saved);
    const meta = metadataOf(files);
    expect(meta.motion?.input).toEqual({ kind: 'path-and-pose', size: 91, pathScale: 4, logSizeScale: spec.sizeScale });
    expect(meta.motion?.idleClass).toBeNull();
    const app = await loadMotionModel(saved);
    const json = JSON.parse(new TextDecoder().decode(files.get('motion/model.json')));
    const network = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: (files.get('motion/weights.bin') as Uint8Array).slice().buffer }));
    const code = readmeMotionCode(readmeOf(files), meta.motion as NonNullable<ModelBundleMetadata['motion']>, network);
    const rows = Array.from({ length: spec.windowFrames }, (_, i) => code.motionRow(handAt({ x: 0, y: -0.3 + i * 0.05, size: 0.25 }, 16 / 9), 1280, 720));
    const flat = new Float32Array(rows.length * MOTION_ROW_SIZE);
    rows.forEach((row, i) => flat.set(row, i * MOTION_ROW_SIZE));
    const [outside, inside] = [await code.classifyMotion(rows), await app.classify(flat)];
    outside.forEach((p, i) => expect(p.probability).toBeCloseTo(inside[i], 5));
    network.dispose();
    app.dispose();
  });

  it('without a motion model: no motion/ files, no motion in metadata.json or the README', async () => {
    const files = await bundle();
    expect([...files.keys()].some((name) => name.startsWith('motion/'))).toBe(false);
    expect(metadataOf(files)).not.toHaveProperty('motion');
    expect(readmeOf(files)).not.toContain('Motion gestures');
  });

  it('refuses a motion model that does not load, in words, leaving no tensor', async () => {
    const saved = await testSavedMotionModel(MOTION_LABELS, null);
    const before = tf.memory().numTensors;
    const error = await bundle({ ...saved, classNames: ['a', 'b'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({ kind: 'not-exportable', message: 'The trained motion model could not be saved. Train the motions again, then export.' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exportTrainedModel carries the motion model it is given', async () => {
    const live = headModel(createHead(createHeadModel({ embeddingSize: 256, classCount: 2, hiddenUnits: 0, seed: 3 }), ['Open', 'Fist'], 256));
    const motion = await testSavedMotionModel(MOTION_LABELS, 'No motion');
    const zip = await exportTrainedModel({ model: live, backboneId: 'mobilenet_v1_025' }, { date: DATE, readModelFile, readModuleFile, motion });
    live.dispose();
    const files = await zipEntries(zip);
    expect(metadataOf(files).motion?.labels).toEqual(MOTION_LABELS);
    expect(files.has('motion/weights.bin')).toBe(true);
  });
});
