import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../engine/engine';
import { fakeImageFile, stubBrowserImages } from '../engine/test-browser';
import { exportModelBundle } from '../export';
import { gestureModel, MODULE_DIR } from '../export/test-gesture-model';
import { fineTune, splitLayersModel } from '../finetune';
import { zipEntries } from '../project/test-zip';
import type { BackendReport } from '../tf';
import { createRandom } from '../train';
import { readModelBundle } from './read-bundle';

/*
 * A fine-tuned network's bundle in the player's engine, in Node: its MobileNet is split from the
 * bundle's own files (nothing is read from public/models, which Node could not fetch anyway), and a
 * frame gets the probabilities gesture-model.js gives for the same pixels.
 */

const MODELS = path.resolve(__dirname, '../../../shared/models');
const HAVE_MODELS = existsSync(path.join(MODELS, 'mobilenet_v1_025_224/model.json'));
const REPORT: BackendReport = { active: 'cpu', choice: 'auto', probeMs: {}, gpuRenderer: null, softwareRenderer: false, wasmSimd: false, wasmThreads: false, wasmThreadCount: 1, wasmThreadsReason: '' };
const LABELS = ['Red', 'Blue'];
const RED = [200, 40, 30] as const;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.unstubAllGlobals());

const readModelFile = async (file: string) => new Uint8Array(readFileSync(path.join(MODELS, file)));
const readModuleFile = async (file: string) => new Uint8Array(readFileSync(new URL(file, MODULE_DIR)));

/** A bundle of MobileNet 0.25 with its last block fine-tuned for one epoch on random activations (what it learnt does not matter here). */
async function fineTunedBundle(): Promise<Blob> {
  const full = await tf.loadLayersModel(tf.io.fromMemory(await gestureModel.readArtifacts(readModelFile, 'mobilenet_v1_025_224/model.json')));
  const split = splitLayersModel(full, 0.25, 1);
  const random = createRandom(9);
  const size = split.cutShape.reduce((a, b) => a * b, 1);
  const activations = Array.from({ length: 10 }, () => Float32Array.from({ length: size }, () => random() * 4));
  const trained = await fineTune(split, { classNames: LABELS, activations, labels: Int32Array.from(activations, (_, i) => i % 2) }, { epochs: 1, batchSize: 10, validationFraction: 0, earlyStopping: false, hiddenUnits: 8, seed: 3 });
  if (trained.status !== 'trained') throw new Error('expected a fine-tuned classifier');
  try {
    return await exportModelBundle({ head: { save: () => trained.classifier.save() }, trainableBlocks: 1, labels: LABELS, backboneId: 'mobilenet_v1_025', inputMode: 'frame', date: new Date(), readModelFile, readModuleFile });
  } finally {
    trained.classifier.dispose();
    split.dispose();
  }
}

describe.skipIf(!HAVE_MODELS)('a fine-tuned bundle in the player’s engine', () => {
  it('loads from the bundle’s own files and classifies a frame as gesture-model.js does', async () => {
    const zip = await fineTunedBundle();
    const bundle = await readModelBundle(zip, 'fine-tuned.zip');
    expect(bundle.model.trainableBlocks).toBe(1);
    expect(bundle.backbone.format).toBe('layers-model');
    const fetches = vi.fn(async () => new Response(null, { status: 404 }));
    vi.stubGlobal('fetch', fetches);
    stubBrowserImages();

    const engine = createEngine({ initBackend: async () => REPORT });
    await engine.load('auto', bundle.backbone);
    await engine.setModel(bundle.model);
    const frame = await engine.processFrame(await createImageBitmap(fakeImageFile('frame.png', RED, 320)), { embed: true, classify: true, keepImage: false, hand: false, timestampMs: 1, restart: true });
    expect(frame.classNames).toEqual(LABELS);
    expect(fetches).not.toHaveBeenCalled();

    // The same 224x224 crop (one colour), through the bundle's module.
    const files = await zipEntries(zip);
    const classifier = await gestureModel.loadClassifier(bundle.metadata, async (name) => files.get(name) as Uint8Array);
    const rgb = new Float32Array(224 * 224 * 3).map((_, i) => RED[i % 3]);
    const module = await classifier.predict(rgb, null);
    classifier.dispose();
    const difference = Math.max(...Array.from(module, (p, i) => Math.abs(p - (frame.probabilities as Float32Array)[i])));
    console.log(`fine-tuned bundle: player engine vs gesture-model.js on one frame, max abs difference = ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(1e-5);
  });
});
