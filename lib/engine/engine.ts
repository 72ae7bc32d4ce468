import * as tf from '@tensorflow/tfjs';
import { loadBackbone, loadBackboneFiles, type Backbone, type BackboneFiles, type BackboneId } from '../backbone';
import type { LiveModel } from '../classify';
import { atRelativePath, framingOf } from '../dataset';
import { loadHandTracker, stillImageLocator, type HandTracker } from '../hand';
import { centerSquare, createCropCanvas, drawCrop, readPixels } from '../image';
import { embedAugmentedViews, embedFiles } from '../ingest';
import { createFrameProcessor, type FrameProcessor } from '../live/frame-processor';
import { createMotionModel, createMotionNetwork, createMotionRecognizer, DEFAULT_MOTION_NET, loadMotionModel, MOTION_ROW_SIZE, motionRow, PRESENT, trainMotionModel, type MotionModel, type MotionRecognizer, type MotionStep, type SavedMotionModel } from '../motion';
import { evaluateFolder, restoreModel, savedModelOf, trainModel } from '../pipeline';
import { runRobustnessCheck } from '../robustness';
import { initBackend, leaveLostWebgl, watchContextLoss, type BackendChoice, type BackendOptions } from '../tf';
import { trainHead } from '../train';
import type { Engine, EngineBench, EngineModel, EngineMotionTrainResult, EngineTrainResult, JobId } from './protocol';

/** What the engine tells whoever runs it, unasked. */
export type EngineEvent = { readonly kind: 'context-lost'; readonly message: string };

/** What the engine is made of; tests pass a backbone that needs no model files and the CPU backend. */
export interface EngineDeps {
  readonly onEvent?: (event: EngineEvent) => void;
  readonly initBackend?: typeof initBackend;
  readonly loadBackbone?: (id: BackboneId) => Promise<Backbone>;
  /** Backbones from a model bundle's files (the player). */
  readonly loadBackboneFiles?: (files: BackboneFiles) => Promise<Backbone>;
  /** `handModel`: the full hand model's bytes, from a model bundle; by default it is fetched from the app's origin. */
  readonly loadHandTracker?: (handModel?: Uint8Array) => Promise<HandTracker>;
}

/**
 * The engine's implementation: one backbone, one hand tracker and one live model at a time, all on
 * the thread that calls this (a worker for the studio). Work is bound to the backend it started on:
 * `load` (a backend switch) and a lost WebGL context cancel training and rebuild the live model on
 * the new backend from its saved form, so nothing ever runs on a backend that is gone.
 */
export function createEngine({
  onEvent = () => {},
  initBackend: startBackend = initBackend,
  loadBackbone: loadNet = loadBackbone,
  loadBackboneFiles: loadNetFiles = loadBackboneFiles,
  loadHandTracker: loadHands = (handModel) => loadHandTracker(handModel),
}: EngineDeps = {}): Engine & EngineBench {
  let backbone: Backbone | null = null;
  // What the backbone was loaded from: the app's files by id, or a bundle's files (kept to reload from).
  let source: BackboneId | BackboneFiles | null = null;
  let hands: HandTracker | null = null;
  let handsLoading: Promise<string | null> | null = null;
  let model: { readonly live: LiveModel; readonly saved: EngineModel } | null = null;
  // Bumped by every setModel and load, so a rebuild that finishes after a newer one is dropped.
  let modelGeneration = 0;
  // The motion model and its recognizer (one stream's sliding window); bound to the backend like the live model.
  let motion: { readonly model: MotionModel; readonly recognizer: MotionRecognizer; readonly saved: SavedMotionModel } | null = null;
  let motionGeneration = 0;
  let motionPushes: Promise<unknown> = Promise.resolve();
  let training: AbortController | null = null;
  // Jobs in flight (embedding, evaluation, the robustness check), by the id their caller cancels them with.
  const jobs = new Map<JobId, AbortController>();
  const stopWork = () => {
    training?.abort();
    jobs.forEach((job) => job.abort());
  };
  let stopWatching = () => {};
  // One processor per video stream: it steadies the hand box from frame to frame. Made on the first
  // frame: it holds a canvas, which an engine that only trains (the unit tests) never needs.
  let processor: FrameProcessor | null = null;
  // Work in flight (frames, views, training) holds tensors for a while: a tensor count is only
  // comparable with another when taken with none running, so `tensors` waits for that.
  let inFlight = 0;
  let whenIdle: (() => void)[] = [];
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        const waiting = whenIdle;
        whenIdle = [];
        waiting.forEach((resolve) => resolve());
      }
    }
  };

  const requireBackbone = (): Backbone => {
    if (!backbone) throw new Error('The engine has no backbone loaded yet.');
    return backbone;
  };

  const dropModel = () => {
    try {
      model?.live.dispose();
    } catch {
      // Its weights were on a lost WebGL context, gone already.
    }
    model = null;
  };

  const dropMotion = () => {
    try {
      motion?.model.dispose();
    } catch {
      // As for the live model: its weights were on a lost WebGL context.
    }
    motion = null;
  };

  const installMotion = async (saved: SavedMotionModel | null) => {
    motionGeneration += 1;
    const generation = motionGeneration;
    const loaded = saved ? await loadMotionModel(saved) : null;
    if (generation !== motionGeneration) {
      loaded?.dispose();
      return;
    }
    dropMotion();
    motion = loaded && saved ? { model: loaded, recognizer: createMotionRecognizer(loaded), saved } : null;
  };

  // The latest setModel, settled: a job that uses the live model waits for the one asked for before it.
  let installing: Promise<unknown> = Promise.resolve();
  const liveModel = async (): Promise<LiveModel> => {
    await installing;
    if (!model) throw new Error('There is no model to use yet: train one first.');
    return model.live;
  };

  /** Runs a job under `id` with the loaded backbone; `cancel(id)`, a reload or a lost context stop it. */
  const runJob = <T>(id: JobId, work: (signal: AbortSignal, net: Backbone) => Promise<T>): Promise<T> =>
    tracked(async () => {
      if (jobs.has(id)) throw new Error(`A job named ${id} is already running.`);
      const abort = new AbortController();
      jobs.set(id, abort);
      try {
        return await work(abort.signal, requireBackbone());
      } finally {
        jobs.delete(id);
      }
    });

  const installModel = async (saved: EngineModel | null) => {
    modelGeneration += 1;
    const generation = modelGeneration;
    const files = typeof source === 'object' ? source : null;
    // A fine-tuned network from a bundle is split from the bundle's own MobileNet, not public/models'.
    const options = files?.format === 'layers-model' ? { loadMobileNet: () => tf.loadLayersModel(tf.io.fromMemory(files.artifacts)) } : {};
    const live = saved && backbone ? await restoreModel(saved, backbone.id, options) : null;
    if (generation !== modelGeneration) {
      live?.dispose();
      return;
    }
    dropModel();
    model = live && saved ? { live, saved } : null;
  };

  // Loads run one after another: two interleaved backend switches would leave either half-done.
  let loading: Promise<unknown> = Promise.resolve();
  // The first load's options hold for every later one (the WASM threads are fixed per thread).
  let backendOptions: BackendOptions | null = null;
  const load = (choice: BackendChoice, from: BackboneId | BackboneFiles, options?: BackendOptions) => {
    backendOptions ??= options ?? {};
    const run = loading.then(() => loadNow(choice, from));
    loading = run.catch(() => undefined);
    return run;
  };

  const loadNow = async (choice: BackendChoice, from: BackboneId | BackboneFiles) => {
    stopWork();
    stopWatching();
    const saved = model?.saved ?? null;
    const savedMotion = motion?.saved ?? null;
    dropModel();
    dropMotion();
    const report = await startBackend(choice, backendOptions ?? {});
    const old = backbone;
    backbone = null;
    try {
      old?.dispose();
    } catch {
      // As above: weights on a lost context.
    }
    source = from;
    const loaded = await (typeof from === 'string' ? loadNet(from) : loadNetFiles(from));
    // One pass on zeros compiles kernels now, so the first recorded frame is not slow.
    tf.tidy(() => loaded.embed(tf.zeros([1, loaded.inputSize, loaded.inputSize, 3]))).dispose();
    backbone = loaded;
    stopWatching = watchContextLoss(() => {
      stopWatching();
      stopWork();
      const lost = model?.saved ?? null;
      const lostMotion = motion?.saved ?? null;
      model = null;
      motion = null;
      backbone = null;
      onEvent({ kind: 'context-lost', message: 'The engine’s WebGL context was lost; it moved to WASM.' });
      void leaveLostWebgl().then(() => load('wasm', from).then(() => Promise.all([installModel(lost), installMotion(lostMotion)])));
    });
    await installModel(saved).catch(() => undefined);
    await installMotion(savedMotion).catch(() => undefined);
    return report;
  };

  return {
    load,

    loadHands(handModel) {
      handsLoading ??= loadHands(handModel).then(
        (tracker) => {
          hands = tracker;
          return null;
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      return handsLoading;
    },

    setModel(saved) {
      // Tracked: a tensor count taken while a model is being built (or the old one freed) is not comparable.
      const install = tracked(() => installModel(saved));
      installing = install.catch(() => undefined);
      return install;
    },

    setMotionModel(saved) {
      return tracked(() => installMotion(saved));
    },

    processFrame: (frame, request) => tracked(async () => {
      try {
        const live = request.classify ? (model?.live ?? null) : null;
        const wanted = request.embed || live !== null;
        processor ??= createFrameProcessor();
        if (request.restart) {
          processor.restart();
          hands?.restartVideo();
          motion?.recognizer.reset();
        }
        const out = await processor.process(frame, {
          backbone: wanted ? backbone : null,
          model: live,
          keepImage: request.keepImage,
          hand: request.hand ? hands : null,
          track: request.motion ? hands : null,
          timestampMs: request.timestampMs,
        });
        const row = request.motion && out.hand ? motionRow(out.hand, frame.width, frame.height) : null;
        const recognizer = request.motion ? motion?.recognizer : undefined;
        // One push at a time: a frame of another stream (a video being read) may overtake a camera frame still being embedded.
        let step: MotionStep | null = null;
        if (recognizer) {
          const push = motionPushes.catch(() => null).then(() => recognizer.push(request.timestampMs, row));
          motionPushes = push;
          step = await push;
        }
        const image = out.image ? await out.image : null;
        return {
          embedding: out.embedding,
          probabilities: out.probabilities,
          image,
          hand: out.hand,
          tracked: out.tracked,
          box: out.box,
          landmarks: out.landmarks,
          latencyMs: out.latencyMs,
          // Only comparable when this frame is the engine's only work (views, jobs and runs hold tensors for a while).
          tensors: inFlight === 1 ? tf.memory().numTensors : null,
          classNames: out.probabilities && live ? live.classNames : null,
          motionRow: row,
          motion: step,
        };
      } finally {
        frame.close();
      }
    }),

    augmentViews(sampleId, image, settings, findHand) {
      const tracker = findHand ? hands : null;
      return tracked(() => embedAugmentedViews(requireBackbone(), sampleId, image, settings, tracker ? (bitmap) => tracker.detectImage(bitmap) : undefined));
    },

    train: (request, progress) => tracked(async () => {
      // A run cancelled by a reload may still be unwinding on the backend it left (a batch on a slow
      // GPU takes seconds): its result is void, and it does not hold up the run that replaces it.
      if (training && !training.signal.aborted) throw new Error('A training run is already in progress.');
      const abort = new AbortController();
      training = abort;
      try {
        const result = await trainModel(
          { ...request, backbone: requireBackbone() },
          { signal: abort.signal, measureContributions: true, onEpoch: (r) => progress.onEpoch(r), onStage: (l, d, t) => progress.onStage(l, d, t) },
        );
        if (!result) return null;
        const { model: trained, ...rest } = result;
        try {
          const saved = { ...(await savedModelOf(trained)), backboneId: result.backboneId };
          return { ...rest, saved } satisfies EngineTrainResult;
        } finally {
          trained.dispose();
        }
      } finally {
        if (training === abort) training = null;
      }
    }),

    trainMotion: ({ set, params }, progress) => tracked(async () => {
      if (training && !training.signal.aborted) throw new Error('A training run is already in progress.');
      const abort = new AbortController();
      training = abort;
      try {
        const result = await trainMotionModel(set, params, { signal: abort.signal, onEpoch: (r) => progress.onEpoch(r) });
        if (result.status === 'cancelled') return null;
        try {
          const { history, bestEpoch, stoppedEarly } = result;
          const validationAccuracy = history[bestEpoch - 1]?.validationAccuracy ?? null;
          return { saved: await result.model.save(), history, bestEpoch, stoppedEarly, validationAccuracy } satisfies EngineMotionTrainResult;
        } finally {
          result.model.dispose();
        }
      } finally {
        if (training === abort) training = null;
      }
    }),

    cancelTraining() {
      training?.abort();
    },

    embedFiles: ({ job, files, hand }, progress) =>
      runJob(job, async (signal, net) => {
        const tracker = hands;
        if (hand && !tracker) throw new Error('The hand model is still loading; try again in a moment.');
        const locate = hand && tracker ? stillImageLocator((image) => tracker.detectImage(image)) : null;
        const index = new Map(files.map((file, i) => [file, i]));
        const result = await embedFiles(net, files, { signal, onProgress: (d, t) => progress(d, t), ...(locate ? { locate } : {}) });
        const at = (file: File) => index.get(file) as number;
        return {
          processed: result.processed.map(({ file, ...made }) => ({ ...made, file: at(file) })),
          failed: result.failed.map(({ file, ...failure }) => ({ ...failure, file: at(file) })),
          cancelled: result.cancelled,
          backboneId: net.id,
        };
      }),

    evaluate: ({ job, files }, progress) =>
      runJob(job, async (signal, net) => {
        const live = await liveModel();
        const tracker = hands;
        // New files (the same bytes) carry the folder paths: on the page the picked ones are not the engine's to change.
        const picked = files.map(({ file, path }) => atRelativePath(new File([file], file.name, { type: file.type, lastModified: file.lastModified }), path));
        const locate = tracker && framingOf(live.inputMode) === 'hand' ? stillImageLocator((image) => tracker.detectImage(image)) : null;
        return evaluateFolder(picked, live, net, { signal, onProgress: (d, t) => progress(d, t), ...(locate ? { locate } : {}) });
      }),

    checkRobustness: ({ job, classes }, progress) =>
      runJob(job, async (signal, net) => {
        const live = await liveModel();
        const tracker = hands;
        return runRobustnessCheck({ classes, model: live, backbone: net, detect: tracker ? (image) => tracker.detectImage(image) : null }, { signal, onProgress: (d, t) => progress(d, t) });
      }),

    cancel(job) {
      jobs.get(job)?.abort();
    },

    async tensors() {
      if (inFlight > 0) await new Promise<void>((resolve) => whenIdle.push(resolve));
      return backbone ? tf.memory().numTensors : null;
    },

    timeBackbone: (frame) => tracked(async () => {
      try {
        const net = requireBackbone();
        // The live loop's input, made as it makes it: the centre square drawn at 224x224, read as floats.
        const crop = createCropCanvas(net.inputSize);
        drawCrop(frame, centerSquare(frame.width, frame.height), crop);
        const pixels = tf.tidy(() => tf.expandDims<tf.Tensor4D>(readPixels(crop), 0)); // [1, 224, 224, 3]; disposed here
        try {
          const start = performance.now();
          const embedding = net.embed(pixels); // [1, embeddingSize]; disposed here
          try {
            await embedding.data();
          } finally {
            embedding.dispose();
          }
          return performance.now() - start;
        } finally {
          pixels.dispose();
        }
      } finally {
        frame.close();
      }
    }),

    timeHandTracker: (frame, timestampMs) => tracked(async () => {
      try {
        if (!hands) throw new Error('The engine has no hand tracker loaded (loadHands).');
        const start = performance.now();
        const found = hands.detectVideo(frame, timestampMs) !== null;
        return { ms: performance.now() - start, found };
      } finally {
        frame.close();
      }
    }),

    timeMotionStep: (classes) => tracked(async () => {
      requireBackbone(); // a backend is initialised
      // Made and freed by each call, so the bench leaves no tensor behind (only the push is timed).
      const model = createMotionModel(createMotionNetwork(DEFAULT_MOTION_NET, classes, 1), DEFAULT_MOTION_NET, Array.from({ length: classes }, (_, i) => `motion ${i + 1}`), null);
      try {
        const recognizer = createMotionRecognizer(model);
        // Rows one motion frame apart: each push adds one row and, once the window is full, classifies it once.
        const step = 1000 / DEFAULT_MOTION_NET.rate;
        const rowAt = (i: number) => new Float32Array(MOTION_ROW_SIZE).map((_, k) => (k === PRESENT ? 1 : Math.sin(k + i)));
        for (let i = 1; i <= DEFAULT_MOTION_NET.windowFrames; i += 1) await recognizer.push(i * step, rowAt(i));
        const last = DEFAULT_MOTION_NET.windowFrames + 1;
        const row = rowAt(last);
        const start = performance.now();
        await recognizer.push(last * step, row);
        return performance.now() - start;
      } finally {
        model.dispose();
      }
    }),

    timeHeadTraining: (set) => tracked(async () => {
      const start = performance.now();
      const result = await trainHead(set, { earlyStopping: false });
      const seconds = (performance.now() - start) / 1000;
      if (result.status === 'trained') result.head.dispose();
      return { seconds, epochs: result.history.length, validationAccuracy: result.history.at(-1)?.validationAccuracy ?? null };
    }),
  };
}
