import * as tf from '@tensorflow/tfjs';
import { BACKBONES, DEFAULT_BACKBONE, loadBackbone, type Backbone, type BackboneId } from '../backbone';
import { centerSquare, createCropCanvas, drawCrop } from '../image';
import { headModel, type LiveModel } from '../classify';
import { HandTrackerError, LANDMARK_FEATURE_SIZE, loadHandTracker, type HandTracker } from '../hand';
import { createFrameProcessor, type FrameProcessor } from '../live';
import { initBackend, type BackendName } from '../tf';
import { createHead, createHeadModel, trainHead } from '../train';
import { measuredFastest, NO_HAND_PHOTO, type AutoSelection, type BackendBench, type BackendFigures, type BenchResult, type HandFigures, type HandNotMeasured } from './bench-result';
import { createHandFrame } from './hand-frame';
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
  /**
   * A photo of one hand, shown as a webcam frame to time the hand tracker and the fused hand mode.
   * Without it the hand figures are reported as not measured. A file that is not an image rejects
   * the run with an `ImageError` (lib/image).
   */
  readonly handPhoto?: Blob;
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
 * throughput and head training on 1,000 samples. Given a hand photo, the same alternating runs also
 * time the bare hand tracker and the fused hand mode's whole per-frame path; the hand tracker is
 * loaded once for the whole run and closed at its end. Everything runs through the app's own code
 * (`initBackend`, `loadBackbone`, `loadHandTracker`, `createFrameProcessor`, `trainHead`). Each
 * backend's run frees all it creates, and its tensor counts before and after are part of the result.
 * Leaves TF.js on the last backend measured.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const backends = options.backends ?? BENCH_BACKENDS;
  const backboneId = options.backboneId ?? DEFAULT_BACKBONE;
  const steps = 1 + (options.handPhoto ? 1 : 0) + backends.length * PHASES_PER_BACKEND;
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

  const hand = options.handPhoto ? await prepareHand(options.handPhoto, progress) : ({ status: 'not-measured', reason: NO_HAND_PHOTO } as const);
  const results: BackendBench[] = [];
  try {
    for (const name of backends) {
      options.signal?.throwIfAborted();
      const stepBefore = step;
      results.push(await benchBackend(name, backboneId, hand, options, progress));
      step = stepBefore + PHASES_PER_BACKEND; // an unavailable backend skips its phases
    }
  } finally {
    if (hand.status === 'ready') hand.tracker.close();
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

/** The hand tracker and the frame it is timed on, shared by every backend. */
interface HandReady {
  readonly status: 'ready';
  readonly tracker: HandTracker;
  /** 320x240, the hand photo in the middle. */
  readonly frame: HTMLCanvasElement;
}

/** Ready, or why there are no hand figures. */
type HandSetup = HandReady | HandNotMeasured;

/**
 * Builds the hand frame, loads the tracker and checks that it finds a hand in the photo at all (an
 * empty frame would time the palm detector's search instead, a meaningless figure). A tracker that
 * cannot start is reported, not thrown: every other figure can still be measured.
 */
async function prepareHand(photo: Blob, progress: Progress): Promise<HandSetup> {
  progress('Loading the hand tracker and looking for the hand in the photo');
  const frame = await createHandFrame(photo);
  let tracker: HandTracker;
  try {
    tracker = await loadHandTracker();
  } catch (error) {
    if (error instanceof HandTrackerError) return { status: 'not-measured', reason: `the hand tracker could not start: ${error.message}` };
    throw error;
  }
  if (tracker.detectImage(frame) === null) {
    tracker.close();
    return { status: 'not-measured', reason: 'the hand tracker found no hand in the hand photo; choose a photo showing one hand clearly' };
  }
  return { status: 'ready', tracker, frame };
}

async function benchBackend(name: BackendName, backboneId: BackboneId, hand: HandSetup, options: BenchOptions, progress: Progress): Promise<BackendBench> {
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
    const fused = hand.status === 'ready' ? fusedInputs(hand, backbone) : hand;
    if (fused.status === 'ready') owned.push(fused.model);

    const latency = await measureLatency(name, { backbone, model, frame, pixels, processor, hand: fused }, options.signal, progress);
    const capture = await measureCapture(name, { backbone, frame, processor }, options.captureSeconds ?? CAPTURE_SECONDS, options.signal, progress);
    const training = await measureTraining(name, backbone.embeddingSize, options.signal, progress);
    figures = { backend: name, status: 'measured', ...latency, ...capture, ...training, tensorsBefore };
  } finally {
    for (const resource of owned.reverse()) resource.dispose();
  }
  return { ...figures, tensorsAfter: tf.memory().numTensors };
}

function fusedInputs({ tracker, frame }: HandReady, backbone: Backbone): FusedInputs {
  // The fused head's row is [embedding, landmarks], as featureRow builds it for training.
  const inputSize = backbone.embeddingSize + LANDMARK_FEATURE_SIZE;
  const model = headModel(createHead(createHeadModel({ embeddingSize: inputSize, classCount: 3, hiddenUnits: 100, seed: 1 }), ['a', 'b', 'c'], inputSize), 'fused');
  // Its own processor: a processor remembers the hand box of the stream it serves.
  return { status: 'ready', tracker, frame, model, processor: createFrameProcessor(backbone.inputSize) };
}

/** The frame's centre square as the backbone's input, made the way the live loop makes it. */
function cropToPixels(frame: HTMLCanvasElement, inputSize: number): tf.Tensor4D {
  const crop = createCropCanvas(inputSize);
  drawCrop(frame, centerSquare(frame.width, frame.height), crop);
  return tf.tidy(() => tf.expandDims<tf.Tensor4D>(tf.browser.fromPixels(crop as HTMLCanvasElement), 0)); // [1, 224, 224, 3] int32; disposed by the caller
}

interface LatencyInputs {
  readonly backbone: Backbone;
  readonly model: LiveModel;
  readonly frame: HTMLCanvasElement;
  readonly pixels: tf.Tensor4D;
  readonly processor: FrameProcessor;
  /** The fused hand mode's inputs, or why there are none. */
  readonly hand: FusedInputs | HandNotMeasured;
}

interface FusedInputs extends HandReady {
  /** A head on [embedding, landmarks] (`headModel(head, 'fused')`). */
  readonly model: LiveModel;
  readonly processor: FrameProcessor;
}

/**
 * Bare backbone and full live loop (and, given a hand, bare hand tracker and the fused loop), timed
 * alternately so all see the same conditions (a busy neighbour process or a GC slows every side of a
 * ratio, not just one).
 */
async function measureLatency(
  name: BackendName,
  { backbone, model, frame, pixels, processor, hand }: LatencyInputs,
  signal: AbortSignal | undefined,
  progress: Progress,
) {
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
  const fused = hand.status === 'ready' ? hand : null;
  // Each hand timing also says whether the hand was found: a frame without one skips the backbone.
  const bareTracker = (f: FusedInputs) => {
    const start = performance.now();
    const found = f.tracker.detectVideo(f.frame, performance.now()) !== null;
    return { ms: performance.now() - start, found };
  };
  const fusedLoop = async (f: FusedInputs) => {
    const start = performance.now();
    const out = await f.processor.process(f.frame, { backbone, model: f.model, keepImage: false, hand: f.tracker, timestampMs: performance.now() });
    return { ms: performance.now() - start, found: out.hand !== null && out.probabilities !== null };
  };
  const sides = fused ? 'the backbone, the live loop, the hand tracker and the fused loop' : 'the backbone and the live loop';
  progress(`${name}: warming up (compiling kernels)`);
  let warmMs = 0; // the slowest side of the last warm-up round, once kernels are compiled
  for (let i = 0; i < WARM_UP_RUNS; i += 1) {
    signal?.throwIfAborted();
    warmMs = Math.max(await bare(), await live());
    if (fused) warmMs = Math.max(warmMs, bareTracker(fused).ms, (await fusedLoop(fused)).ms);
    await yieldToBrowser();
  }
  const runs = iterationsFor(warmMs);
  const bareMs: number[] = [];
  const liveMs: number[] = [];
  const trackerMs: number[] = [];
  const fusedMs: number[] = [];
  let handFrames = 0;
  let handFound = 0;
  for (let i = 0; i < runs; i += 1) {
    signal?.throwIfAborted();
    progress(`${name}: timing ${sides} (${i + 1} of ${runs})`, false);
    bareMs.push(await bare());
    liveMs.push(await live());
    if (fused) {
      const tracked = bareTracker(fused);
      const looped = await fusedLoop(fused);
      trackerMs.push(tracked.ms);
      fusedMs.push(looped.ms);
      handFrames += 2;
      handFound += Number(tracked.found) + Number(looped.found);
    }
    await yieldToBrowser();
  }
  const backboneMs = median(bareMs);
  const liveLoopMs = median(liveMs);
  return { runs, backboneMs, liveLoopMs, liveLoopRatio: liveLoopMs / backboneMs, hand: hand.status === 'ready' ? handFigures(backboneMs, trackerMs, fusedMs, handFound, handFrames) : hand };
}

/**
 * The hand figures from their timed runs. Timings are only figures when every timed frame found the
 * hand: a frame without one runs the palm detector's search and skips the backbone.
 */
function handFigures(backboneMs: number, trackerMs: readonly number[], fusedMs: readonly number[], found: number, frames: number): HandFigures {
  if (found < frames) {
    const reason = found === 0 ? 'the hand tracker found no hand in the hand photo' : `the hand tracker found the hand in only ${found} of ${frames} timed frames of the hand photo`;
    return { status: 'not-measured', reason };
  }
  const handTrackerMs = median(trackerMs);
  const fusedLoopMs = median(fusedMs);
  return { status: 'measured', handTrackerMs, fusedLoopMs, fusedLoopRatio: fusedLoopMs / (backboneMs + handTrackerMs) };
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
