import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_AUGMENT } from '../augment';
import { BACKBONES, type Backbone, type BackboneId } from '../backbone';
import { addSamples, createDataset, createId, type Dataset } from '../dataset';
import { DEFAULT_MOTION_AUGMENT } from '../motion';
import { handAt, placeAt, randomStyle, smallMotionNet, syntheticClip, type MotionKind } from '../motion/test-motions';
import { NO_HAND_MODEL_MESSAGE } from '../robustness';
import type { BackendReport } from '../tf';
import { createRandom, DEFAULT_TRAIN_PARAMS, type EpochReport } from '../train';
import { createEngine } from './engine';
import { reembedDataset, runEngineJob } from './job';
import type { Engine, EngineBench, EngineTrainRequest } from './protocol';
import { fakeHandTracker, fakeImageFile, stubBrowserImages } from './test-browser';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const REPORT: BackendReport = { active: 'cpu', choice: 'auto', probeMs: {}, gpuRenderer: null, softwareRenderer: false, wasmSimd: false, wasmThreads: false, wasmThreadCount: 1, wasmThreadsReason: 'one thread, as asked' };

/** The engine on TF.js's CPU backend, with a backbone that needs no model files (training reads cached embeddings only). */
function testEngine(): Engine & EngineBench {
  return createEngine({ initBackend: async () => REPORT, loadHandTracker: async () => fakeHandTracker(), loadBackbone: testEngineBackbone });
}

/** [3, 8]: the embedding is the mean colour (0..1) in its first three coordinates. */
async function testEngineBackbone(id: BackboneId): Promise<Backbone> {
  const weights = tf.tidy(() => tf.eye(3, 8).div(255));
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

  it('a run cancelled by a reload does not hold up the run that replaces it, even while it still unwinds', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const old = engine.train(request(200), noProgress);
    await engine.load('wasm', 'mobilenet_v1_025');
    const replacement = engine.train(request(), noProgress);
    expect(await old).toBeNull();
    expect((await replacement)?.saved.classNames).toEqual(['Left', 'Right']);
  });

  it('loads a backbone from a model bundle’s files, and reloads from the same files after a backend switch', async () => {
    const fromFiles: unknown[] = [];
    const byId = vi.fn(testEngineBackbone);
    const engine = createEngine({
      initBackend: async () => REPORT,
      loadHandTracker: async () => fakeHandTracker(),
      loadBackbone: byId,
      loadBackboneFiles: (files) => (fromFiles.push(files), testEngineBackbone(files.id)),
    });
    const files = { id: 'mobilenet_v1_075' as const, format: 'layers-model' as const, artifacts: { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) } };
    await engine.load('auto', files);
    await engine.setModel((await engine.train(request(), noProgress))!.saved);
    const loaded = await engine.tensors();
    await engine.load('wasm', files);
    expect(fromFiles).toEqual([files, files]);
    expect(byId).not.toHaveBeenCalled();
    // The live model was rebuilt on the reloaded backbone, nothing more or less.
    expect(await engine.tensors()).toBe(loaded);
  });

  it('hands a model bundle’s hand model to the tracker it loads (once)', async () => {
    const given: (Uint8Array | undefined)[] = [];
    const engine = createEngine({ initBackend: async () => REPORT, loadBackbone: testEngineBackbone, loadHandTracker: async (model) => (given.push(model), fakeHandTracker()) });
    const task = new Uint8Array([1, 2, 3]);
    expect(await engine.loadHands(task)).toBeNull();
    expect(await engine.loadHands(task)).toBeNull();
    expect(given).toEqual([task]);
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

const RED = [250, 10, 10] as const;
const BLUE = [10, 10, 250] as const;
const GREEN = [10, 250, 10] as const; // the fake tracker finds no hand in green images

/** `count` one-colour images in `<picked>/<class>/` (as a folder pick names them), with paths for the engine. */
function folder(className: string, rgb: readonly [number, number, number], count: number) {
  return Array.from({ length: count }, (_, i) => {
    const file = fakeImageFile(`${className}-${i}.png`, rgb);
    return { file, path: `picked/${className}/${file.name}` };
  });
}

/** The engine loaded, with a head trained on embeddings it made itself of red ("Red") and blue ("Blue") images, installed as its live model. */
async function engineWithModel(): Promise<Engine> {
  const engine = testEngine();
  await engine.load('auto', 'mobilenet_v1_025');
  const files = [...folder('Red', RED, 6), ...folder('Blue', BLUE, 6)].map((f) => f.file);
  const embedded = await engine.embedFiles({ job: 'embed', files, hand: false }, () => {});
  let dataset = createDataset('mobilenet_v1_025', ['Red', 'Blue']);
  dataset.classes.forEach((c, k) => {
    const mine = embedded.processed.filter((p) => (p.file < 6 ? 0 : 1) === k);
    dataset = addSamples(dataset, c.id, mine.map((p) => ({ id: createId('s'), embedding: p.result, image: null, source: 'upload' as const })));
  });
  const trained = await engine.train({ ...request(30), dataset }, noProgress);
  await engine.setModel(trained!.saved);
  return engine;
}

describe('the engine’s jobs', () => {
  beforeEach(() => stubBrowserImages());
  afterEach(() => vi.unstubAllGlobals());

  it('embeds files with the loaded backbone, naming results and failures by index, and keeps no tensor', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    const files = [fakeImageFile('red.png', RED), new File(['not an image'], 'notes.png'), fakeImageFile('blue.png', BLUE)];
    const progress: number[] = [];
    const result = await engine.embedFiles({ job: 'a', files, hand: false }, (done) => progress.push(done));
    expect(result.backboneId).toBe('mobilenet_v1_025');
    expect(result.cancelled).toBe(false);
    expect(result.processed.map((p) => p.file)).toEqual([0, 2]);
    expect([...result.processed[0].result.slice(0, 3)].map((v) => Math.round(v * 255))).toEqual([...RED]);
    expect([...result.processed[1].result.slice(0, 3)].map((v) => Math.round(v * 255))).toEqual([...BLUE]);
    expect(result.processed.every((p) => p.image.size > 0 && p.landmarks === undefined)).toBe(true);
    expect(result.failed).toEqual([{ file: 1, kind: 'unreadable', reason: 'notes.png is not an image this browser can read.' }]);
    expect(progress).toEqual([3]);
    expect(await engine.tensors()).toBe(before);
  });

  it('the first frame of a stream makes the hand tracker start afresh (the same frames then track the same in every stream)', async () => {
    const restarts = vi.fn();
    const engine = createEngine({ initBackend: async () => REPORT, loadBackbone: testEngineBackbone, loadHandTracker: async () => ({ ...fakeHandTracker(), restartVideo: restarts }) });
    await engine.load('auto', 'mobilenet_v1_025');
    await engine.loadHands();
    const frame = { embed: false, classify: false, keepImage: false, hand: true };
    const bitmap = () => createImageBitmap(fakeImageFile('frame.png', RED));
    await engine.processFrame(await bitmap(), { ...frame, timestampMs: 1, restart: true });
    await engine.processFrame(await bitmap(), { ...frame, timestampMs: 2 });
    expect(restarts).toHaveBeenCalledOnce();
    await engine.processFrame(await bitmap(), { ...frame, timestampMs: 3, restart: true });
    expect(restarts).toHaveBeenCalledTimes(2);
  });

  it('in a hand mode crops to the hand and keeps its landmarks; an image without a hand fails as no-hand', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    expect(await engine.loadHands()).toBeNull();
    const result = await engine.embedFiles({ job: 'a', files: [fakeImageFile('green.png', GREEN), fakeImageFile('red.png', RED)], hand: true }, () => {});
    expect(result.processed.map((p) => p.file)).toEqual([1]);
    expect(result.processed[0].landmarks).toBeInstanceOf(Float32Array);
    expect(result.failed).toEqual([{ file: 0, kind: 'no-hand', reason: 'green.png: no hand was found in it.' }]);
  });

  it('a hand-mode job before the hand model is loaded is refused with a sentence', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    await expect(engine.embedFiles({ job: 'a', files: [fakeImageFile('red.png', RED)], hand: true }, () => {})).rejects.toThrow('The hand model is still loading');
  });

  it('cancel(job) stops a job between batches: it resolves as cancelled with what was done, and leaves no tensor', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    const files = folder('Red', RED, 40).map((f) => f.file);
    const result = await engine.embedFiles({ job: 'a', files, hand: false }, () => engine.cancel('a'));
    expect(result.cancelled).toBe(true);
    expect(result.processed).toHaveLength(16); // one batch
    expect(await engine.tensors()).toBe(before);
  });

  it('a reload (a backend switch) cancels the jobs in flight', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    let reload: Promise<unknown> | null = null;
    const files = folder('Red', RED, 40).map((f) => f.file);
    const result = await engine.embedFiles({ job: 'a', files, hand: false }, () => void (reload ??= engine.load('wasm', 'mobilenet_v1_025')));
    await reload;
    expect(result.cancelled).toBe(true);
    expect(await engine.tensors()).toBe(before);
  });

  it('evaluates the live model on a picked folder: class folders, a folder of no class, unreadable files; no tensor left', async () => {
    const engine = await engineWithModel();
    const before = await engine.tensors();
    const files = [...folder('red', RED, 3), ...folder('Blue', BLUE, 2), ...folder('Purple', BLUE, 2), { file: new File(['?'], 'x.png'), path: 'picked/Blue/x.png' }];
    const progress: number[] = [];
    const result = await engine.evaluate({ job: 'e', files }, (done) => progress.push(done));
    expect(result?.evaluation.accuracy).toBe(1);
    expect(result?.evaluation.confusion).toEqual([
      [3, 0],
      [0, 2],
    ]);
    expect(result?.skipped).toEqual(['folder "Purple" matches no class', '1 unreadable files']);
    expect(progress.at(-1)).toBe(6);
    expect(await engine.tensors()).toBe(before);
  });

  it('evaluation without a live model, or with no folder naming a class, is refused with a sentence', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    await expect(engine.evaluate({ job: 'e', files: folder('Red', RED, 1) }, () => {})).rejects.toThrow('There is no model to use yet');
    const trained = await engineWithModel();
    await expect(trained.evaluate({ job: 'e', files: folder('Green', GREEN, 1) }, () => {})).rejects.toThrow('None of the folder');
  });

  it('the robustness check moves samples into scenes and evaluates them in the engine, leaving no tensor; cancel stops it', async () => {
    const engine = await engineWithModel();
    expect(await engine.loadHands()).toBeNull();
    const before = await engine.tensors();
    const sample = (rgb: readonly [number, number, number], i: number) => ({ id: `s${i}`, image: fakeImageFile(`s${i}.png`, rgb) as Blob });
    const classes = [
      { name: 'Red', samples: [0, 1, 2].map((i) => sample(RED, i)) },
      { name: 'Blue', samples: [3, 4].map((i) => sample(BLUE, i)).concat([sample(GREEN, 5)]) },
    ];
    const report = await engine.checkRobustness({ job: 'r', classes }, () => {});
    expect(report?.samples).toBe(6);
    expect(report?.unlocated).toBe(1); // the green one: no hand, so no scenes
    expect(report?.summary.original.accuracy).toBe(1);
    expect(await engine.tensors()).toBe(before);

    const cancelled = await engine.checkRobustness({ job: 'r2', classes }, () => engine.cancel('r2'));
    expect(cancelled).toBeNull();
    expect(await engine.tensors()).toBe(before);
  });

  it('the robustness check without the hand model is refused with its sentence', async () => {
    const engine = await engineWithModel();
    await expect(engine.checkRobustness({ job: 'r', classes: [{ name: 'Red', samples: [{ id: 's', image: fakeImageFile('s.png', RED) }] }] }, () => {})).rejects.toThrow(NO_HAND_MODEL_MESSAGE);
  });

  it('reembedDataset re-embeds every sample from its image with the loaded backbone, keeps the framing, drops old views and samples without an image', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_075');
    let dataset: Dataset = { ...createDataset('mobilenet_v1_025', ['Red']), framing: 'hand' };
    const old = new Float32Array(8);
    dataset = addSamples(dataset, dataset.classes[0].id, [
      { id: 'a', embedding: old, image: fakeImageFile('a.png', RED), source: 'upload', views: { key: 'k', embeddings: [old] } },
      { id: 'b', embedding: old, image: null, source: 'upload' },
    ]);
    const result = await reembedDataset(engine, dataset, new AbortController().signal, () => {});
    expect(result?.backboneId).toBe('mobilenet_v1_075');
    expect(result?.framing).toBe('hand');
    expect(result?.classes[0].samples.map((s) => [s.id, Math.round(s.embedding[0] * 255), s.views])).toEqual([['a', RED[0], undefined]]);

    const abort = new AbortController();
    abort.abort();
    expect(await reembedDataset(engine, dataset, abort.signal, () => {})).toBeNull();
  });
});

describe('motions in the engine', () => {
  beforeEach(() => stubBrowserImages());

  const KINDS: readonly MotionKind[] = ['swipe-left', 'swipe-right', 'idle'];
  const motionRequest = () => ({
    set: {
      classNames: [...KINDS],
      clips: KINDS.flatMap((kind, c) => Array.from({ length: 5 }, (_, i) => syntheticClip(kind, 10 * c + i))),
      labels: KINDS.flatMap((_, c) => [c, c, c, c, c]),
      idleClass: 'idle',
      mirror: {},
    },
    params: { net: smallMotionNet([8, 8]), epochs: 8, batchSize: 8, learningRate: 0.01, augment: { ...DEFAULT_MOTION_AUGMENT, copies: 1 } },
  });

  /** A hand tracker that follows a hand swiping left across the frame, one step per video frame. */
  function swipingTracker() {
    const style = randomStyle(createRandom(4));
    let frame = 0;
    return { ...fakeHandTracker(), detectVideo: () => ({ ...handAt(placeAt('swipe-left', (frame++ % 20) / 20, style), 4 / 3), score: 0.9 }) };
  }

  it('trains a motion model, hands it over saved, recognises the live rows with it, and keeps no tensor of either', async () => {
    const engine = createEngine({ initBackend: async () => REPORT, loadBackbone: testEngineBackbone, loadHandTracker: async () => swipingTracker() });
    await engine.load('auto', 'mobilenet_v1_025');
    await engine.loadHands();
    const empty = await engine.tensors();
    const epochs: EpochReport[] = [];
    const trained = await engine.trainMotion(motionRequest(), { onEpoch: (r) => epochs.push(r) });
    expect(trained?.saved).toMatchObject({ kind: 'motion', classNames: KINDS, idleClass: 'idle' });
    expect(epochs.length).toBeGreaterThan(0);
    expect(await engine.tensors()).toBe(empty);

    await engine.setMotionModel(trained!.saved);
    const withModel = await engine.tensors();
    expect(withModel).toBeGreaterThan(empty as number);
    // Whole-frame mode: the hand is still tracked for motions, and the crop is not the hand's.
    const frame = { embed: false, classify: false, keepImage: false, hand: false, motion: true };
    const steps = [];
    for (let i = 0; i < 40; i += 1) {
      const out = await engine.processFrame(await createImageBitmap(fakeImageFile('frame.png', RED, 64)), { ...frame, timestampMs: 1000 + (i * 1000) / 15, restart: i === 0 });
      expect(out.motionRow).toBeInstanceOf(Float32Array);
      steps.push(out.motion);
    }
    // The window (30 rows at 15/s) fills after two seconds of frames; from then on each frame is classified.
    expect(steps.slice(0, 29).every((s) => s?.probabilities === null)).toBe(true);
    expect(steps.slice(30).every((s) => s?.probabilities?.length === KINDS.length)).toBe(true);
    expect(await engine.tensors()).toBe(withModel);

    await engine.setMotionModel(null);
    expect(await engine.tensors()).toBe(empty);
  });

  it('times one live motion step (npm run bench) and leaves no tensor behind', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const before = await engine.tensors();
    expect(await engine.timeMotionStep(9)).toBeGreaterThan(0);
    expect(await engine.tensors()).toBe(before);
  });

  it('a frame that does not ask for motions gets neither a row nor a step', async () => {
    const engine = createEngine({ initBackend: async () => REPORT, loadBackbone: testEngineBackbone, loadHandTracker: async () => swipingTracker() });
    await engine.load('auto', 'mobilenet_v1_025');
    await engine.loadHands();
    const out = await engine.processFrame(await createImageBitmap(fakeImageFile('frame.png', RED, 64)), { embed: false, classify: false, keepImage: false, hand: false, timestampMs: 1 });
    expect(out).toMatchObject({ motionRow: null, motion: null, hand: null, tracked: false });
  });

  it('a backend switch rebuilds the motion model on the new backend from its saved form', async () => {
    const engine = testEngine();
    await engine.load('auto', 'mobilenet_v1_025');
    const trained = await engine.trainMotion(motionRequest(), { onEpoch: () => {} });
    await engine.setMotionModel(trained!.saved);
    const withModel = await engine.tensors();
    await engine.load('auto', 'mobilenet_v1_025');
    expect(await engine.tensors()).toBe(withModel);
  });
});

describe('runEngineJob', () => {
  it('cancels the job in the engine when the signal aborts, also when it aborted before the job started', async () => {
    const cancelled: string[] = [];
    const engine = { cancel: (job: string) => void cancelled.push(job) };
    const abort = new AbortController();
    let started = '';
    const run = runEngineJob(engine, abort.signal, (job) => {
      started = job;
      return new Promise<string>((resolve) => setTimeout(() => resolve('done'), 10));
    });
    abort.abort();
    expect(await run).toBe('done');
    expect(cancelled).toEqual([started]);

    const early = new AbortController();
    early.abort();
    let second = '';
    await runEngineJob(engine, early.signal, async (job) => void (second = job));
    expect(cancelled).toEqual([started, second]);
    expect(second).not.toBe(started);
  });
});
