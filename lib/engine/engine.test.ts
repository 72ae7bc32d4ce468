import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_AUGMENT } from '../augment';
import { BACKBONES, type Backbone, type BackboneId } from '../backbone';
import { addSamples, createDataset, createId } from '../dataset';
import type { BackendReport } from '../tf';
import { DEFAULT_TRAIN_PARAMS, type EpochReport } from '../train';
import { createEngine } from './engine';
import type { Engine, EngineBench, EngineTrainRequest } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const REPORT: BackendReport = { active: 'cpu', choice: 'auto', probeMs: {}, gpuRenderer: null, softwareRenderer: false, wasmSimd: false, wasmThreads: false, wasmThreadCount: 1, wasmThreadsReason: 'one thread, as asked' };

/** The engine on TF.js's CPU backend, with a backbone that needs no model files (training reads cached embeddings only). */
function testEngine(): Engine & EngineBench {
  return createEngine({ initBackend: async () => REPORT, loadBackbone: testEngineBackbone });
}

async function testEngineBackbone(id: BackboneId): Promise<Backbone> {
  const weights = tf.ones([3, 8]);
  return { ...BACKBONES[id], inputSize: 4, embed: (pixels) => tf.tidy(() => tf.matMul(tf.mean(pixels, [1, 2]) as tf.Tensor2D, weights)), dispose: () => weights.dispose() };
}

/** Two classes whose 8-long embeddings differ in one coordinate: a head learns them in a few epochs. */
function request(epochs = 5): EngineTrainRequest {
  let dataset = createDataset('mobilenet_v1_025', ['Left', 'Right']);
  dataset.classes.forEach((c, k) => {
    dataset = addSamples(
      dataset,
      c.id,
      Array.from({ length: 12 }, (_, i) => ({ id: createId('s'), embedding: Float32Array.from({ length: 8 }, (_, j) => (j === k ? 3 : 0) + Math.sin(i * 7 + j)), image: null, source: 'upload' as const })),
    );
  });
  return {
    dataset,
    strategy: { kind: 'head-only', trainableBlocks: 0, reason: '', trainableLayers: ['head'] },
    augment: { ...DEFAULT_AUGMENT, views: 0 },
    params: { ...DEFAULT_TRAIN_PARAMS, epochs, earlyStopping: false },
    mode: 'frame',
  };
}

const noProgress = { onEpoch: () => {}, onStage: () => {} };
let closeChannel = () => {};
afterEach(() => closeChannel());

describe('the ML engine', () => {
  it('trains a head from cached embeddings, hands it over saved, and keeps no tensor of it', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    const epochs: EpochReport[] = [];
    const result = await engine.train(request(), { onEpoch: (r) => epochs.push(r), onStage: () => {} });
    expect(result?.saved.classNames).toEqual(['Left', 'Right']);
    expect(result?.saved.backboneId).toBe('mobilenet_v1_025');
    expect(epochs.length).toBeGreaterThan(0);
    expect(await engine.tensors()).toBe(before);
  });

  it('holds one live model: installing it adds its weights, replacing or clearing it frees them', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const empty = await engine.tensors();
    const result = await engine.train(request(), noProgress);
    await engine.setModel(result!.saved);
    const withModel = await engine.tensors();
    expect(withModel).toBeGreaterThan(empty as number);
    await engine.setModel(result!.saved);
    expect(await engine.tensors()).toBe(withModel);
    await engine.setModel(null);
    expect(await engine.tensors()).toBe(empty);
  });

  it('a reload (a backend switch) rebuilds the live model and frees the old backbone and model', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    await engine.setModel((await engine.train(request(), noProgress))!.saved);
    const loaded = await engine.tensors();
    await engine.load('wasm', 'mobilenet_v1_025');
    expect(await engine.tensors()).toBe(loaded);
  });

  it('cancelling a run resolves it to null and leaves no tensor', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    const run = engine.train(request(200), { onEpoch: () => engine.cancelTraining(), onStage: () => {} });
    expect(await run).toBeNull();
    expect(await engine.tensors()).toBe(before);
  });

  it('no tensor count is read before a backbone is loaded (an uninitialised backend throws)', async () => {
    expect(await testEngine().tensors()).toBeNull();
  });

  it('times head training on every epoch (no early stopping) and keeps no tensor of it', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    // Two classes of 12 rows that differ in one coordinate, as in `request`.
    const embeddings = Array.from({ length: 24 }, (_, i) => Float32Array.from({ length: 8 }, (_, j) => (j === i % 2 ? 3 : 0) + Math.sin(i * 7 + j)));
    const timing = await engine.timeHeadTraining({ classNames: ['Left', 'Right'], embeddings, labels: Int32Array.from(embeddings, (_, i) => i % 2) });
    expect(timing.epochs).toBe(DEFAULT_TRAIN_PARAMS.epochs);
    expect(timing.seconds).toBeGreaterThan(0);
    expect(timing.validationAccuracy).toBeGreaterThanOrEqual(0);
    expect(await engine.tensors()).toBe(before);
  });

  it('will not time the hand tracker before it is loaded, and closes the frame either way', async () => {
    const engine = testEngine();
    const frame = { close: vi.fn() } as unknown as ImageBitmap;
    await expect(engine.timeHandTracker(frame, 0)).rejects.toThrow('The engine has no hand tracker loaded (loadHands).');
    expect(frame.close).toHaveBeenCalledTimes(1);
  });

  it('keeps the first load’s WASM threads choice for every later load (it is fixed per thread)', async () => {
    const calls: unknown[] = [];
    const engine = createEngine({
      initBackend: async (choice, options) => {
        calls.push([choice, options]);
        return REPORT;
      },
      loadBackbone: testEngineBackbone,
    });
    await engine.load('wasm', 'mobilenet_v1_025', { wasmThreads: 'one' });
    await engine.load('auto', 'mobilenet_v1_025');
    expect(calls).toEqual([
      ['wasm', { wasmThreads: 'one' }],
      ['auto', { wasmThreads: 'one' }],
    ]);
  });

  it('works through a message channel as the worker exposes it: the request is cloned, progress comes back through a proxy', async () => {
    const { port1, port2 } = new MessageChannel();
    closeChannel = () => {
      port1.close();
      port2.close();
    };
    Comlink.expose(testEngine(), nodeEndpoint(port1));
    const remote = Comlink.wrap<Engine>(nodeEndpoint(port2));
    await remote.load('auto', 'mobilenet_v1_025');
    const epochs: number[] = [];
    const result = await remote.train(request(), Comlink.proxy({ onEpoch: (r: EpochReport) => epochs.push(r.epoch), onStage: () => {} }));
    expect(result?.saved.classNames).toEqual(['Left', 'Right']);
    // Progress comes through its own port: the last epochs may arrive after the result.
    await vi.waitFor(() => expect(epochs).toEqual(result?.history.map((h) => h.epoch)));
  });
});
