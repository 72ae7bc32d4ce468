import * as tf from '@tensorflow/tfjs';
import { BACKBONES, DEFAULT_BACKBONE, loadBackbone, type Backbone, type BackboneId } from '../backbone';
import { centerSquare, createCropCanvas, drawCrop } from '../image';
import { headModel, type LiveModel } from '../classify';
import { createFrameProcessor, type FrameProcessor } from '../live';
import { initBackend, type BackendName } from '../tf';
import { createHead, createHeadModel, trainHead } from '../train';
import { measuredFastest, type AutoSelection, type BackendBench, type BackendFigures, type BenchResult } from './bench-result';
import { iterationsFor, median } from './stats';
import { createSyntheticFrame } from './synthetic-frame';
import { createSyntheticTrainingSet } from './synthetic-set';

/** The backends the benchmark tries, in order; each one the browser cannot start is reported as such. */
export const BENCH_BACKENDS: readonly BackendName[] = ['wasm', 'webgl'];
export const WARM_UP_RUNS = 3;
export const CAPTURE_SECONDS = 3;
const TRAIN_CLASSES = 10;
const TRAIN_PER_CLASS = 100;

export interface BenchProgress {
  /** 1-based step, out of `steps`; a step is one phase on one backend. */
  readonly step: number;
  readonly steps: number;
  /** What is running now, as a short sentence. */
  readonly label: string;
}

export interface BenchOptions {
  /** The app's sample-recording cap per second, reported next to the raw capture capacity. */
  readonly recordCapPerSecond: number;
  readonly backends?: readonly BackendName[];
  readonly backboneId?: BackboneId;
  readonly captureSeconds?: number;
  readonly onProgress?: (progress: BenchProgress) => void;
  /** Aborting stops at the next timed run and rejects with the signal's reason; nothing is left allocated. */
  readonly signal?: AbortSignal;
}

export type BenchErrorKind = 'no-backend';

export class BenchError extends Error {
  constructor(readonly kind: BenchErrorKind, message: string) {
    super(message);
    this.name = 'BenchError';
  }
}

const PHASES_PER_BACKEND = 4;

/**
 * Measures this device: first the app's start-up auto-selection (`initBackend('auto')`), then, on each
 * backend, the bare backbone against the live loop's full per-frame path, the recording path's
 * throughput and head training on 1,000 samples. Everything runs through the app's own code
 * (`initBackend`, `loadBackbone`, `createFrameProcessor`, `trainHead`). Each backend's run frees all
 * it creates, and its tensor counts before and after are part of the result.
 * Leaves TF.js on the last backend measured.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const backends = options.backends ?? BENCH_BACKENDS;
  const backboneId = options.backboneId ?? DEFAULT_BACKBONE;
  const steps = 1 + backends.length * PHASES_PER_BACKEND;
  let step = 0;
  const progress = (label: string, advance = true) => {
    if (advance) step += 1;
    options.onProgress?.({ step, steps, label });
  };

  progress('Choosing a backend the way the app does at start-up');
  const startup = await initBackend('auto');
  const auto: AutoSelection = {
    chose: startup.active,
    probeMs: startup.probeMs,
    gpuRenderer: startup.gpuRenderer,
    softwareRenderer: startup.softwareRenderer,
    wasmSimd: startup.wasmSimd,
  };

  const results: BackendBench[] = [];
  for (const name of backends) {
    options.signal?.throwIfAborted();
    const stepBefore = step;
    results.push(await benchBackend(name, backboneId, options, progress));
    step = stepBefore + PHASES_PER_BACKEND; // an unavailable backend skips its phases
  }
  if (results.every((r) => r.status === 'unavailable')) {
    throw new BenchError('no-backend', 'Neither WebAssembly nor WebGL could start in this browser, so there is nothing to measure.');
  }
  return {
    backboneId,
    backboneLabel: BACKBONES[backboneId].label,
    auto,
    backends: results,
    fastest: measuredFastest(results),
    recordCapPerSecond: options.recordCapPerSecond,
  };
}

type Progress = (label: string, advance?: boolean) => void;

async function benchBackend(name: BackendName, backboneId: BackboneId, options: BenchOptions, progress: Progress): Promise<BackendBench> {
  progress(`${name}: starting the backend and loading ${BACKBONES[backboneId].label}`);
  const report = await initBackend(name);
  if (report.active !== name) {
    return { backend: name, status: 'unavailable', reason: `this browser could not start the ${name} backend` };
  }
  const tensorsBefore = tf.memory().numTensors;
  const owned: { dispose(): void }[] = [];
  let figures: Omit<BackendFigures, 'tensorsAfter'>;
  try {
    const backbone = await loadBackbone(backboneId);
    owned.push(backbone);
    const model = headModel(
      createHead(createHeadModel({ embeddingSize: backbone.embeddingSize, classCount: 3, hiddenUnits: 100, seed: 1 }), ['a', 'b', 'c'], backbone.embeddingSize),
    );
    owned.push(model);
    const frame = createSyntheticFrame();
    const pixels = cropToPixels(frame, backbone.inputSize);
    owned.push(pixels);
    const processor = createFrameProcessor(backbone.inputSize);

    const latency = await measureLatency(name, { backbone, model, frame, pixels, processor }, options.signal, progress);
    const capture = await measureCapture(name, { backbone, frame, processor }, options.captureSeconds ?? CAPTURE_SECONDS, options.signal, progress);
    const training = await measureTraining(name, backbone.embeddingSize, options.signal, progress);
    figures = { backend: name, status: 'measured', ...latency, ...capture, ...training, tensorsBefore };
  } finally {
    for (const resource of owned.reverse()) resource.dispose();
  }
  return { ...figures, tensorsAfter: tf.memory().numTensors };
}

/** The frame's centre square as the backbone's input, made the way the live loop makes it. */
function cropToPixels(frame: HTMLCanvasElement, inputSize: number): tf.Tensor4D {
  const crop = createCropCanvas(inputSize);
  drawCrop(frame, centerSquare(frame.width, frame.height), crop);
  return tf.tidy(() => tf.expandDims<tf.Tensor4D>(tf.browser.fromPixels(crop), 0)); // [1, 224, 224, 3] int32; disposed by the caller
}

interface LatencyInputs {
  readonly backbone: Backbone;
  readonly model: LiveModel;
  readonly frame: HTMLCanvasElement;
  readonly pixels: tf.Tensor4D;
  readonly processor: FrameProcessor;
}

/**
 * Bare backbone and full live loop, timed alternately so both see the same conditions (a busy
 * neighbour process or a GC slows both, not just one side of the ratio).
 */
async function measureLatency(name: BackendName, { backbone, model, frame, pixels, processor }: LatencyInputs, signal: AbortSignal | undefined, progress: Progress) {
  const bare = async () => {
    const start = performance.now();
    const embedding = backbone.embed(pixels); // [1, embeddingSize]
    try {
      await embedding.data();
    } finally {
      embedding.dispose();
    }
    return performance.now() - start;
  };
  const live = async () => {
    const start = performance.now();
    await processor.process(frame, { backbone, model, keepImage: false, hand: null, timestampMs: performance.now() });
    return performance.now() - start;
  };
  progress(`${name}: warming up (compiling kernels)`);
  let warmMs = 0; // the slower side of the last warm-up pair, once kernels are compiled
  for (let i = 0; i < WARM_UP_RUNS; i += 1) {
    signal?.throwIfAborted();
    warmMs = Math.max(await bare(), await live());
    await yieldToBrowser();
  }
  const runs = iterationsFor(warmMs);
  const bareMs: number[] = [];
  const liveMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    signal?.throwIfAborted();
    progress(`${name}: timing the backbone and the live loop (${i + 1} of ${runs})`, false);
    bareMs.push(await bare());
    liveMs.push(await live());
    await yieldToBrowser();
  }
  const backboneMs = median(bareMs);
  const liveLoopMs = median(liveMs);
  return { runs, backboneMs, liveLoopMs, liveLoopRatio: liveLoopMs / backboneMs };
}

/** The recording path (embedding + JPEG snapshot) back to back, without the app's rate cap. */
async function measureCapture(
  name: BackendName,
  { backbone, frame, processor }: Pick<LatencyInputs, 'backbone' | 'frame' | 'processor'>,
  seconds: number,
  signal: AbortSignal | undefined,
  progress: Progress,
) {
  progress(`${name}: capturing samples back to back for ${seconds} s`);
  const capture = async () => {
    const { image } = await processor.process(frame, { backbone, model: null, keepImage: true, hand: null, timestampMs: performance.now() });
    await image;
  };
  await capture(); // the JPEG encoder's first use is slow
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    signal?.throwIfAborted();
    await capture();
    count += 1;
  }
  const captureSeconds = (performance.now() - start) / 1000;
  return { capturedPerSecond: count / captureSeconds, captureSeconds };
}

async function measureTraining(name: BackendName, embeddingSize: number, signal: AbortSignal | undefined, progress: Progress) {
  const trainSamples = TRAIN_CLASSES * TRAIN_PER_CLASS;
  progress(`${name}: training a head on ${trainSamples.toLocaleString('en')} samples`);
  const set = createSyntheticTrainingSet({ embeddingSize, classCount: TRAIN_CLASSES, perClass: TRAIN_PER_CLASS, seed: 7 });
  const start = performance.now();
  const result = await trainHead(
    set,
    // Every epoch, on every backend: early stopping would make backends' timings incomparable.
    { earlyStopping: false },
    { signal, onEpoch: (e) => progress(`${name}: training a head on ${trainSamples.toLocaleString('en')} samples (epoch ${e.epoch} of ${e.epochs})`, false) },
  );
  const trainSeconds = (performance.now() - start) / 1000;
  if (result.status === 'cancelled') signal?.throwIfAborted();
  if (result.status === 'trained') result.head.dispose();
  const last = result.history.at(-1);
  return { trainSamples, trainSeconds, trainEpochs: result.history.length, trainValidationAccuracy: last?.validationAccuracy ?? null };
}

/** Lets the page repaint between timed runs (the WASM backend's reads resolve without yielding). */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
