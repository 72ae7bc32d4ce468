import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as mobilenet from '@tensorflow-models/mobilenet';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone, type Backbone } from '../backbone';
import { headModel, type LiveModel } from '../classify';
import { centerSquare } from '../image';
import { createHead, createHeadModel, createRandom, LANDMARK_BRANCH_UNITS, type Head } from '../train';
import { fineTune, splitLayersModel } from '../finetune';
import { ExportError, exportModelBundle, exportTrainedModel, modelBundleFileName, type ModelBundleMetadata } from '.';
import { gestureModel, MODULE_DIR } from './test-gesture-model';

const MODELS = path.resolve(__dirname, '../../../shared/models');
const DIGITS = path.resolve(__dirname, '../../../shared/data/sign-digits/train');
const HAVE_FILES = existsSync(path.join(MODELS, 'mobilenet_v1_025_224/imagenet/model.json')) && existsSync(DIGITS);
const DATE = new Date('2026-11-28T12:00:00Z');
const CLASSES = ['0', '1', '2'];
const PER_CLASS = 3;
const LANDMARKS = 87;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Stands in for public/models/hand_landmarker.task (built by npm install): the export copies it, byte for byte. */
const HAND_MODEL = new TextEncoder().encode('hand landmarker task');
const readModelFile = async (file: string) => (file === 'hand_landmarker.task' ? HAND_MODEL : new Uint8Array(readFileSync(path.join(MODELS, file))));
const readModuleFile = async (file: string) => new Uint8Array(readFileSync(new URL(file, MODULE_DIR)));

/** Centre square of a PNG, resized to 224x224 bilinear: [224, 224, 3] float 0..255. */
function photoPixels(file: string): tf.Tensor3D {
  const png = PNG.sync.read(readFileSync(file));
  const box = centerSquare(png.width, png.height);
  return tf.tidy(() => {
    const rgba = tf.tensor3d(new Int32Array(png.data), [png.height, png.width, 4], 'int32');
    const square = tf.slice(rgba, [box.y, box.x, 0], [box.size, box.size, 3]);
    return tf.image.resizeBilinear(tf.cast(square, 'float32') as tf.Tensor3D, [224, 224]);
  });
}

/** A few sign-digit photos per class: pixels [n, 224, 224, 3] and their labels. */
function digitPhotos(perClass = PER_CLASS): { pixels: tf.Tensor4D; labels: number[] } {
  const files = CLASSES.flatMap((c, label) =>
    readdirSync(path.join(DIGITS, c))
      .filter((f) => f.endsWith('.png'))
      .sort()
      .slice(0, perClass)
      .map((f) => ({ file: path.join(DIGITS, c, f), label })),
  );
  const images = files.map((f) => photoPixels(f.file));
  const pixels = tf.stack(images) as tf.Tensor4D;
  tf.dispose(images);
  return { pixels, labels: files.map((f) => f.label) };
}

/** A seeded, quickly fitted head; the caller disposes it. */
async function trainedHeadModel(rows: tf.Tensor2D | tf.Tensor2D[], labels: number[], inputSize: number, branches: boolean): Promise<tf.LayersModel> {
  const model = createHeadModel({ embeddingSize: inputSize, classCount: CLASSES.length, hiddenUnits: 16, seed: 7, ...(branches ? { branches: { split: inputSize - LANDMARKS, units: LANDMARK_BRANCH_UNITS } } : {}) });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES.length);
  await model.fit(rows, ys, { epochs: 60, batchSize: labels.length, verbose: 0 });
  ys.dispose();
  model.optimizer.dispose(); // Adam's moments outlive the fit otherwise (tfjs's fit itself keeps one scalar)
  return model;
}

/** Reads a zip of stored entries (what the export writes), independently of the app's zip code. */
function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    expect(view.getUint16(at + 8, true)).toBe(0); // stored
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    files.set(name, bytes.slice(start, start + size));
    at = start + size;
  }
  return files;
}

/**
 * A consumer outside the app: the bundle's own gesture-model.js (only @tensorflow/tfjs, the unzipped
 * files and what metadata.json says). Returns probabilities [n, labels] as arrays; frees every tensor it makes.
 */
async function classifyWithBundle(files: Map<string, Uint8Array>, pixels: tf.Tensor4D, landmarks: tf.Tensor2D | null): Promise<{ probabilities: number[][]; meta: ModelBundleMetadata }> {
  const meta = gestureModel.checkMetadata(JSON.parse(new TextDecoder().decode(files.get('metadata.json')))) as ModelBundleMetadata;
  const classifier = await gestureModel.loadClassifier(meta, readFrom(files));
  try {
    const before = tf.memory().numTensors;
    const probabilities = classifier.classify(pixels, landmarks);
    expect(tf.memory().numTensors - before).toBe(1);
    const out = (await probabilities.array()) as number[][];
    probabilities.dispose();
    // What the module does per video frame: one crop's RGB floats and landmark features → the same probabilities, no tensor left.
    const [rgb, features] = [tf.slice(pixels, 0, 1), landmarks && tf.slice(landmarks, 0, 1)];
    const frame = await classifier.predict((await rgb.data()) as Float32Array, features ? ((await features.data()) as Float32Array) : null);
    tf.dispose([rgb, ...(features ? [features] : [])]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(frame)).toEqual(out[0]);
    return { probabilities: out, meta };
  } finally {
    classifier.dispose();
  }
}

/** Reads the unzipped files by their path in the bundle. */
function readFrom(files: Map<string, Uint8Array>): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    const file = files.get(name);
    if (!file) throw new Error(`${name} is not in the bundle`);
    return file;
  };
}

function maxAbsDifference(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
}

/** The app's own backbone, with the real MobileNet 0.25 files injected at the loader seam. */
function loadAppBackbone(): Promise<Backbone> {
  return loadBackbone('mobilenet_v1_025', {
    loaders: {
      graph: async (url, alpha) => {
        expect(url).toBe('/models/mobilenet_v1_025_224/imagenet/model.json');
        const artifacts = await gestureModel.readArtifacts(readModelFile, 'mobilenet_v1_025_224/imagenet/model.json');
        return mobilenet.load({ version: 1, alpha: alpha as mobilenet.MobileNetAlpha, modelUrl: tf.io.fromMemory(artifacts), inputRange: [0, 1] });
      },
      layers: () => Promise.reject(new Error('layers loader not expected')),
    },
  });
}

describe.skipIf(!HAVE_FILES)('exportModelBundle with the real MobileNet 0.25 and sign-digit photos', () => {
  it('gives the same probabilities outside the app as the app, for frame, crop and fused (branches) heads, and leaks no tensor', async () => {
    const backbone = await loadAppBackbone();
    const { pixels, labels } = digitPhotos();
    const embeddings = backbone.embed(pixels); // [n, 256]
    const random = createRandom(11);
    const landmarks = tf.tensor2d(Float32Array.from({ length: labels.length * LANDMARKS }, () => random() * 2 - 1), [labels.length, LANDMARKS]);

    const imageHead = await trainedHeadModel(embeddings, labels, 256, false);
    const fusedHead = await trainedHeadModel([embeddings, landmarks], labels, 256 + LANDMARKS, true);
    const cases: { mode: 'frame' | 'crop' | 'fused'; live: LiveModel }[] = [
      { mode: 'frame', live: headModel(createHead(imageHead, CLASSES, 256), 'frame') },
      { mode: 'crop', live: headModel(createHead(imageHead, CLASSES, 256), 'crop') },
      { mode: 'fused', live: headModel(createHead(fusedHead, CLASSES, 256 + LANDMARKS), 'fused') },
    ];
    for (const { mode, live } of cases) {
      const beforeApp = tf.memory().numTensors;
      const appProbabilities = tf.tidy(() => live.classify(pixels, backbone.embed(pixels), live.usesLandmarks ? landmarks : null));
      expect(tf.memory().numTensors - beforeApp).toBe(1);
      const app = (await appProbabilities.array()) as number[][];
      appProbabilities.dispose();

      const beforeExport = tf.memory().numTensors;
      const steps: string[] = [];
      const zip = await exportModelBundle({ head: live.head as Head, labels: CLASSES, backboneId: 'mobilenet_v1_025', inputMode: mode, date: DATE, readModelFile, readModuleFile, onProgress: (label) => steps.push(label) });
      expect(tf.memory().numTensors - beforeExport).toBe(0);
      expect(steps).toEqual(['Saving the head', 'Reading the model files', 'Packing the zip', 'Done']);

      const files = unzip(new Uint8Array(await zip.arrayBuffer()));
      const runtime = ['gesture-model.js', 'hand-geometry.js', ...(mode === 'frame' ? [] : ['hand_landmarker.task'])];
      expect([...files.keys()].sort()).toEqual(['README.md', 'backbone/group1-shard1of1', 'backbone/model.json', ...runtime, 'head/model.json', 'head/weights.bin', 'metadata.json'].sort());
      // The module and the hand model go out byte for byte as the app serves them.
      expect(Buffer.from(files.get('gesture-model.js') as Uint8Array).equals(readFileSync(new URL('gesture-model.js', MODULE_DIR)))).toBe(true);
      if (mode !== 'frame') expect(files.get('hand_landmarker.task')).toEqual(HAND_MODEL);
      // The backbone goes out byte for byte as the app serves it.
      expect(Buffer.from(files.get('backbone/group1-shard1of1') as Uint8Array).equals(readFileSync(path.join(MODELS, 'mobilenet_v1_025_224/imagenet/group1-shard1of1')))).toBe(true);

      const beforeConsumer = tf.memory().numTensors;
      const { probabilities, meta } = await classifyWithBundle(files, pixels, landmarks);
      expect(tf.memory().numTensors - beforeConsumer).toBe(0);
      const difference = maxAbsDifference(app, probabilities);
      console.log(`model export, ${mode} (${meta.head.fusion}): max abs difference app vs bundle over ${labels.length} photos x ${CLASSES.length} classes = ${difference.toExponential(2)}`);
      expect(difference).toBeLessThanOrEqual(1e-4);
      // The trained head really tells the photos apart, so the comparison is not between two flat outputs.
      expect(app.filter((row, i) => row.indexOf(Math.max(...row)) === labels[i]).length).toBeGreaterThanOrEqual(labels.length - 1);

      expect(meta).toMatchObject({ format: 'gesture-studio-model', formatVersion: 1, createdAt: DATE.toISOString(), labels: CLASSES, inputMode: mode, inputSize: { width: 224, height: 224, channels: 3 } });
      expect(meta.versions).toEqual({ app: '0.1.0', tfjs: tf.version.tfjs, format: 1 });
      expect(meta.backbone).toMatchObject({ id: 'mobilenet_v1_025', embeddingSize: 256, embedding: { format: 'graph-model', node: 'module_apply_default/MobilenetV1/Logits/global_pool' } });
      expect(meta.preprocessing.crop.kind).toBe(mode === 'frame' ? 'center-square' : 'hand');
      expect(meta.handModel).toEqual(mode === 'frame' ? null : { path: 'hand_landmarker.task', note: expect.stringContaining('VIDEO mode') });
      expect(meta.module).toEqual({ path: 'gesture-model.js', imports: { '@tensorflow/tfjs': tf.version.tfjs, '@mediapipe/tasks-vision': '1.1.0' } });
      if (mode === 'fused') {
        expect(meta.head).toMatchObject({ fusion: 'branches', inputs: [{ name: 'embedding', size: 256 }, { name: 'landmarks', size: LANDMARKS }] });
        expect(meta.landmarks).toMatchObject({ version: 1, size: LANDMARKS, options: { rotation: false } });
      } else {
        expect(meta.head).toMatchObject({ fusion: 'single', inputs: [{ name: 'embedding', size: 256 }] });
        expect(meta.landmarks).toBeNull();
      }
      const readme = new TextDecoder().decode(files.get('README.md'));
      expect(readme).toContain("tf.loadGraphModel('backbone/model.json')");
      expect(readme).toContain(mode === 'fused' ? 'Landmark features (version 1, 87 values)' : 'head.predict(embedding)');
    }

    // 'frame' and 'crop' share imageHead: dispose it once, through one of them.
    cases[0].live.dispose();
    cases[2].live.dispose();
    tf.dispose([pixels, embeddings, landmarks]);
    backbone.dispose();
  });
});

describe.skipIf(!HAVE_FILES)('exportModelBundle of a fine-tuned network (MobileNet 0.25, last block) on sign-digit photos', () => {
  it('carries the fine-tuned block, not the pretrained one, says so in metadata.json, and gives the app’s probabilities outside the app', async () => {
    const full = await tf.loadLayersModel(tf.io.fromMemory(await gestureModel.readArtifacts(readModelFile, 'mobilenet_v1_025_224/model.json')));
    const split = splitLayersModel(full, 0.25, 1);
    const { pixels, labels } = digitPhotos(5); // fine-tuning wants 5 samples a class
    const cut = split.bottom(pixels); // [n, 7, 7, 256]
    const rows = (await cut.array()).map((row) => Float32Array.from(row.flat(2)));
    cut.dispose();
    const trained = await fineTune(split, { classNames: CLASSES, activations: rows, labels: Int32Array.from(labels) }, { epochs: 3, batchSize: 15, learningRate: 0.01, hiddenUnits: 16, validationFraction: 0, seed: 5, earlyStopping: false, learningRateDecay: false });
    if (trained.status !== 'trained') throw new Error('expected a trained classifier');
    const { classifier } = trained;

    const appProbabilities = classifier.classify(pixels); // what the app's live model returns for these pixels
    const app = (await appProbabilities.array()) as number[][];
    appProbabilities.dispose();

    const before = tf.memory().numTensors;
    const zip = await exportModelBundle({ head: { save: () => classifier.save() }, trainableBlocks: 1, labels: CLASSES, backboneId: 'mobilenet_v1_025', inputMode: 'crop', date: DATE, readModelFile, readModuleFile });
    expect(tf.memory().numTensors - before).toBe(0);
    const files = unzip(new Uint8Array(await zip.arrayBuffer()));
    // The Keras MobileNet the network was split from, byte for byte; its 55 weight shards.
    expect(Buffer.from(files.get('backbone/model.json') as Uint8Array).equals(readFileSync(path.join(MODELS, 'mobilenet_v1_025_224/model.json')))).toBe(true);
    expect([...files.keys()].filter((name) => name.startsWith('backbone/group')).length).toBe(55);

    const { probabilities, meta } = await classifyWithBundle(files, pixels, null);
    const difference = maxAbsDifference(app, probabilities);
    console.log(`model export, fine-tuned (last block, crop): max abs difference app vs bundle over ${labels.length} photos x ${CLASSES.length} classes = ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(1e-6);

    expect(meta).toMatchObject({ formatVersion: 2, versions: { format: 2 }, inputMode: 'crop' });
    expect(meta.backbone).toMatchObject({ modelPath: 'backbone/model.json', embedding: { format: 'layers-model', layer: 'conv_pw_12_relu' } });
    expect(meta.preprocessing.normalization).toEqual({ formula: 'x / 127.5 - 1', scale: 1 / 127.5, offset: -1 });
    expect(meta.head).toMatchObject({ fusion: 'single', inputs: [{ name: 'activations', size: 7 * 7 * 256, shape: [7, 7, 256] }] });
    expect(meta.fineTuned).toMatchObject({ trainableBlocks: 1, cutLayer: 'conv_pw_12_relu', layers: ['conv_dw_13', 'conv_dw_13_bn', 'conv_pw_13', 'conv_pw_13_bn'] });
    expect(new TextDecoder().decode(files.get('README.md'))).toContain('the fine-tuned conv_dw_13, conv_dw_13_bn, conv_pw_13, conv_pw_13_bn and the head');

    // head/ holds the fine-tuned conv_pw_13 kernel exactly, which differs from the pretrained one in backbone/.
    const exported = await tf.loadLayersModel(tf.io.fromMemory(await gestureModel.readArtifacts(async (name) => files.get(name) as Uint8Array, 'head/model.json')));
    const [fineTuned, pretrained, inApp] = [exported.getLayer('conv_pw_13').getWeights()[0], full.getLayer('conv_pw_13').getWeights()[0], classifier.top.getLayer('conv_pw_13').getWeights()[0]];
    const [fromPretrained, fromApp] = tf.tidy(() => [tf.max(tf.abs(tf.sub(fineTuned, pretrained))).dataSync()[0], tf.max(tf.abs(tf.sub(fineTuned, inApp))).dataSync()[0]]);
    expect(fromPretrained).toBeGreaterThan(0);
    expect(fromApp).toBe(0);

    exported.dispose();
    classifier.dispose();
    split.dispose();
    pixels.dispose();
  });
});

describe('exporting guards', () => {
  const stubLive = (overrides: Partial<LiveModel>): LiveModel => ({
    classNames: ['a', 'b'],
    inputMode: 'frame',
    usesEmbedding: true,
    usesLandmarks: false,
    classify: () => {
      throw new Error('not used');
    },
    save: () => Promise.reject(new Error('not used')),
    dispose: () => {},
    ...overrides,
  });

  it('exports any live model through its own save, and says so in words when that fails', async () => {
    const failing = stubLive({ save: () => Promise.reject(new Error('disposed')) });
    await expect(exportTrainedModel({ model: failing, backboneId: 'mobilenet_v1_025' }, { date: DATE })).rejects.toMatchObject({ name: 'ExportError', kind: 'not-exportable', message: 'The trained model could not be saved. Train again, then export.' });
  });

  it('says the backbone files are missing when they cannot be read, leaving no tensor', async () => {
    const model = createHeadModel({ embeddingSize: 768, classCount: 2, hiddenUnits: 0, seed: 1 });
    const before = tf.memory().numTensors;
    const error = await exportModelBundle({ head: createHead(model, ['a', 'b'], 768), labels: ['a', 'b'], backboneId: 'mobilenet_v1_075', inputMode: 'frame', date: DATE, readModelFile: () => Promise.reject(new Error('status code 404')) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({ kind: 'backbone-missing' });
    expect((error as Error).message).toMatch(/npm install/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a head that does not fit the labels or the mode', async () => {
    const model = createHeadModel({ embeddingSize: 256, classCount: 2, hiddenUnits: 0, seed: 1 });
    const head = createHead(model, ['a', 'b'], 256);
    const never = () => Promise.reject(new Error('not reached'));
    await expect(exportModelBundle({ head, labels: ['a', 'b', 'c'], backboneId: 'mobilenet_v1_025', inputMode: 'frame', date: DATE, readModelFile: never })).rejects.toMatchObject({ kind: 'not-exportable' });
    await expect(exportModelBundle({ head, labels: ['a', 'b'], backboneId: 'mobilenet_v1_025', inputMode: 'fused', date: DATE, readModelFile: never })).rejects.toMatchObject({ kind: 'not-exportable' });
    model.dispose();
  });

  it('names the download after the local date', () => {
    expect(modelBundleFileName(new Date(2026, 0, 5, 23, 59))).toBe('gesture-model-2026-01-05.zip');
  });
});
