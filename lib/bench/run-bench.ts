import * as tf from '@tensorflow/tfjs';
import { BACKBONES, DEFAULT_BACKBONE, type BackboneId } from '../backbone';
import { headModel } from '../classify';
import type { InputMode } from '../dataset';
import { connectEngine, type EngineBench, type EngineConnection, type EngineKind, type EngineModel, type Engine } from '../engine';
import { LANDMARK_FEATURE_SIZE } from '../hand';
import { savedModelOf } from '../pipeline';
import type { BackendName, BackendReport } from '../tf';
import { createHead, createHeadModel } from '../train';
import {
  BENCH_MOTION_CLASSES,
  measuredFastest,
  NO_HAND_PHOTO,
  type AutoSelection,
  type BackendBench,
  type BackendFigures,
  type BenchResult,
  type HandFigures,
  type HandNotMeasured,
  type WasmThreadsFigures,
} from './bench-result';
import { createHandFrame } from './hand-frame';
import { iterationsFor, median } from './stats';
import { createSyntheticFrame } from './synthetic-frame';
import { createSyntheticTrainingSet } from './synthetic-set';

/** The backends the benchmark tries, in order; each one the browser cannot start is reported as such. */
export const BENCH_BACKENDS: readonly BackendName[] = ['wasm', 'webgl'];
export const WARM_UP_RUNS = 3;
export const CAPTURE_SECONDS = 3;
/** The timed runs of each loop are split into this many rounds, so slow drift (a busy neighbour) hits every figure alike. */
export const LATENCY_ROUNDS = 3;
/** Bare backbone passes per side when timing WASM threads against one thread. */
export const THREAD_RUNS = 30;
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
  /** Where the engine runs: its worker (default, the studio's path) or the page (`?engine=main`). */
  readonly engineKind?: EngineKind;
  /**
   * A photo of one hand, shown as a webcam frame to time the hand tracker and the fused hand mode.
   * Without it the hand figures are reported as not measured. A file that is not an image rejects
   * the run with an `ImageError` (lib/image).
   */
  readonly handPhoto?: Blob;
  readonly onProgress?: (progress: BenchProgress) => void;
  /** Aborting rejects with the signal's reason at once; the engine's worker is stopped and nothing is left allocated. */
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
 * Measures this device through the ML engine, started the way the studio starts it (in its worker):
 * first the start-up auto-selection (`load('auto')`), then, on each backend, the bare backbone against
 * the live loop's full per-frame path, the recording path's throughput and head training on 1,000
 * samples. Given a hand photo, the same rounds also time the bare hand tracker and the fused hand
 * mode's whole per-frame path. On WASM, the bare backbone with the app's threads is then timed against
 * a second engine held to one thread, alternately. Bare parts are timed inside the engine
 * (`EngineBench`); the loops and recording on the page, around `Engine.processFrame`, as the studio's
 * own latency readout times them. The page itself only draws the frames and builds the heads. Each
 * backend's tensor counts before and after are part of the result. The engines stop at the end.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const backends = options.backends ?? BENCH_BACKENDS;
  const backboneId = options.backboneId ?? DEFAULT_BACKBONE;
  const signal = options.signal;
  const timesThreads = backends.includes('wasm');
  const steps = 1 + (options.handPhoto ? 1 : 0) + backends.length * PHASES_PER_BACKEND + (timesThreads ? 1 : 0);
  let step = 0;
  const progress = (label: string, advance = true) => {
    if (advance) step += 1;
    options.onProgress?.({ step, steps, label });
  };
  const connect = async () => {
    const connection = await connectEngine(options.engineKind ?? 'worker', () => {});
    if (signal?.aborted) connection.close();
    signal?.throwIfAborted();
    return connection;
  };

  progress('Starting the ML engine and choosing a backend the way the app does at start-up');
  // The page only builds the (untrained) heads the engine classifies with: the CPU backend does, and no GPU is touched.
  await tf.setBackend('cpu');
  const heads = await benchHeads(backboneId, options.handPhoto !== undefined);
  const connection = await connect();
  try {
    const startup = await untilAborted(connection.engine.load('auto', backboneId), signal);
    const auto: AutoSelection = {
      chose: startup.active,
      probeMs: startup.probeMs,
      gpuRenderer: startup.gpuRenderer,
      softwareRenderer: startup.softwareRenderer,
      wasmSimd: startup.wasmSimd,
      wasmThreadCount: startup.wasmThreadCount,
      wasmThreadsReason: startup.wasmThreadsReason,
    };
    const hand = options.handPhoto ? await prepareHand(connection, options.handPhoto, signal, progress) : ({ status: 'not-measured', reason: NO_HAND_PHOTO } as const);
    const frame = createSyntheticFrame();
    const results: BackendBench[] = [];
    let wasmThreads: WasmThreadsFigures = { status: 'not-measured', reason: 'the run did not include wasm' };
    for (const name of backends) {
      signal?.throwIfAborted();
      const stepBefore = step;
      progress(`${name}: starting the backend and loading ${BACKBONES[backboneId].label}`);
      const report = await untilAborted(connection.engine.load(name, backboneId), signal);
      const figures =
        report.active === name
          ? await benchBackend(name, connection, { frame, heads, hand, embeddingSize: BACKBONES[backboneId].embeddingSize }, options, progress)
          : ({ backend: name, status: 'unavailable', reason: `this browser could not start the ${name} backend` } as const);
      results.push(figures);
      step = stepBefore + PHASES_PER_BACKEND; // an unavailable backend skips its phases
      if (name === 'wasm') {
        progress('wasm: timing the backbone with threads and with one thread, alternately');
        wasmThreads = figures.status === 'measured' ? await measureWasmThreads(connection, report, connect, backboneId, frame, signal) : { status: 'not-measured', reason: 'the WASM backend could not start' };
      }
    }
    if (results.every((r) => r.status === 'unavailable')) {
      throw new BenchError('no-backend', 'Neither WebAssembly nor WebGL could start in this browser, so there is nothing to measure.');
    }
    return {
      backboneId,
      backboneLabel: BACKBONES[backboneId].label,
      engine: { kind: connection.kind, fallback: connection.fallback },
      auto,
      backends: results,
      wasmThreads,
      fastest: measuredFastest(results),
      recordCapPerSecond: options.recordCapPerSecond,
    };
  } finally {
    connection.close();
  }
}

type Progress = (label: string, advance?: boolean) => void;

/** The untrained heads the loops classify with, in the saved form the engine takes (the studio's `setModel` path). */
interface BenchHeads {
  /** Whole frame: a head on the embedding. */
  readonly frame: EngineModel;
  /** Fused hand mode: a head on [embedding, landmarks], as featureRow builds rows for training; null without a hand photo. */
  readonly fused: EngineModel | null;
}

async function benchHeads(backboneId: BackboneId, fused: boolean): Promise<BenchHeads> {
  const saved = async (inputMode: InputMode, inputSize: number): Promise<EngineModel> => {
    const model = headModel(createHead(createHeadModel({ embeddingSize: inputSize, classCount: 3, hiddenUnits: 100, seed: 1 }), ['a', 'b', 'c'], inputSize), inputMode);
    try {
      return { ...(await savedModelOf(model)), backboneId };
    } finally {
      model.dispose();
    }
  };
  const embeddingSize = BACKBONES[backboneId].embeddingSize;
  return { frame: await saved('frame', embeddingSize), fused: fused ? await saved('fused', embeddingSize + LANDMARK_FEATURE_SIZE) : null };
}

/** The hand frame, once the engine's tracker is loaded and finds the hand in it. */
interface HandReady {
  readonly status: 'ready';
  /** 320x240, the hand photo in the middle. */
  readonly frame: HTMLCanvasElement;
}

/** Ready, or why there are no hand figures. */
type HandSetup = HandReady | HandNotMeasured;

/**
 * Builds the hand frame, loads the engine's tracker and checks that it finds a hand in the frame at
 * all (an empty frame would time the palm detector's search instead, a meaningless figure). A tracker
 * that cannot start is reported, not thrown: every other figure can still be measured.
 */
async function prepareHand(connection: EngineConnection, photo: Blob, signal: AbortSignal | undefined, progress: Progress): Promise<HandSetup> {
  progress('Loading the hand tracker in the engine and looking for the hand in the photo');
  const frame = await createHandFrame(photo);
  const failed = await untilAborted(connection.engine.loadHands(), signal);
  if (failed !== null) return { status: 'not-measured', reason: `the hand tracker could not start: ${failed.replace(/\.$/, '')}` };
  const first = await untilAborted(connection.bench.timeHandTracker(await createImageBitmap(frame), performance.now()), signal);
  if (!first.found) return { status: 'not-measured', reason: 'the hand tracker found no hand in the hand photo; choose a photo showing one hand clearly' };
  return { status: 'ready', frame };
}

interface BackendInputs {
  /** The 640x480 stand-in webcam frame. */
  readonly frame: HTMLCanvasElement;
  readonly heads: BenchHeads;
  readonly hand: HandSetup;
  readonly embeddingSize: number;
}

/** Every figure on the backend the engine has just loaded; its tensors before and after. */
async function benchBackend(name: BackendName, { engine, bench }: EngineConnection, inputs: BackendInputs, options: BenchOptions, progress: Progress): Promise<BackendFigures> {
  const { signal } = options;
  const tensorsBefore = (await untilAborted(engine.tensors(), signal)) ?? 0;
  let figures: Omit<BackendFigures, 'tensorsAfter'>;
  try {
    const latency = await measureLatency(name, engine, bench, inputs, signal, progress);
    const capture = await measureCapture(name, engine, inputs.frame, options.captureSeconds ?? CAPTURE_SECONDS, signal, progress);
    const training = await measureTraining(name, bench, inputs.embeddingSize, signal, progress);
    figures = { backend: name, status: 'measured', ...latency, ...capture, ...training, tensorsBefore };
  } finally {
    await untilAborted(engine.setModel(null), signal);
  }
  return { ...figures, tensorsAfter: (await untilAborted(engine.tensors(), signal)) ?? 0 };
}

/**
 * Bare backbone and full live loop (and, given a hand, bare hand tracker and the fused loop), timed
 * alternately so all see the same conditions (a busy neighbour process or a GC slows every side of a
 * ratio, not just one). The engine holds one live model, so the runs come in `LATENCY_ROUNDS` rounds,
 * each with a whole-frame block and a fused block; each block's first run on its model is not timed.
 */
async function measureLatency(name: BackendName, engine: Engine, bench: EngineBench, { frame, heads, hand }: BackendInputs, signal: AbortSignal | undefined, progress: Progress) {
  const call = <T>(work: Promise<T>) => untilAborted(work, signal);
  const bare = async () => call(bench.timeBackbone(await createImageBitmap(frame)));
  const live = async () => {
    const start = performance.now();
    const bitmap = await createImageBitmap(frame);
    const out = await call(engine.processFrame(bitmap, { embed: true, classify: true, keepImage: false, hand: false, timestampMs: start }));
    if (!out.probabilities) throw new Error('The engine classified no frame in the live loop: the bench head was not set.');
    return { ms: performance.now() - start, engineMs: out.latencyMs };
  };
  const fused = hand.status === 'ready' && heads.fused ? { frame: hand.frame, head: heads.fused } : null;
  // Each hand timing also says whether the hand was found: a frame without one skips the backbone.
  const bareTracker = async (f: NonNullable<typeof fused>) => call(bench.timeHandTracker(await createImageBitmap(f.frame), performance.now()));
  const fusedLoop = async (f: NonNullable<typeof fused>) => {
    const start = performance.now();
    const bitmap = await createImageBitmap(f.frame);
    const out = await call(engine.processFrame(bitmap, { embed: true, classify: true, keepImage: false, hand: true, timestampMs: start }));
    return { ms: performance.now() - start, engineMs: out.latencyMs, found: out.hand !== null && out.probabilities !== null };
  };
  const sides = fused ? 'the backbone, the live loop, the hand tracker and the fused loop' : 'the backbone and the live loop';

  progress(`${name}: warming up (compiling kernels)`);
  let warmMs = 0; // the slowest side of the last warm-up round, once kernels are compiled
  await call(engine.setModel(heads.frame));
  for (let i = 0; i < WARM_UP_RUNS; i += 1) warmMs = Math.max(await bare(), (await live()).ms);
  if (fused) {
    await call(engine.setModel(fused.head));
    for (let i = 0; i < WARM_UP_RUNS; i += 1) warmMs = Math.max(warmMs, (await bareTracker(fused)).ms, (await fusedLoop(fused)).ms, await call(bench.timeMotionStep(BENCH_MOTION_CLASSES)));
  }
  const perRound = Math.ceil(iterationsFor(warmMs) / LATENCY_ROUNDS);
  const runs = perRound * LATENCY_ROUNDS;
  const bareMs: number[] = [];
  const liveMs: number[] = [];
  const liveEngineMs: number[] = [];
  const trackerMs: number[] = [];
  const fusedMs: number[] = [];
  const fusedEngineMs: number[] = [];
  const motionMs: number[] = [];
  let handFrames = 0;
  let handFound = 0;
  for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
    await call(engine.setModel(heads.frame));
    await live();
    for (let i = 0; i < perRound; i += 1) {
      progress(`${name}: timing ${sides} (${round * perRound + i + 1} of ${runs})`, false);
      bareMs.push(await bare());
      const looped = await live();
      liveMs.push(looped.ms);
      liveEngineMs.push(looped.engineMs);
      await yieldToBrowser();
    }
    if (!fused) continue;
    await call(engine.setModel(fused.head));
    await fusedLoop(fused);
    for (let i = 0; i < perRound; i += 1) {
      progress(`${name}: timing ${sides} (${round * perRound + i + 1} of ${runs})`, false);
      bareMs.push(await bare());
      const tracked = await bareTracker(fused);
      const looped = await fusedLoop(fused);
      motionMs.push(await call(bench.timeMotionStep(BENCH_MOTION_CLASSES)));
      trackerMs.push(tracked.ms);
      fusedMs.push(looped.ms);
      fusedEngineMs.push(looped.engineMs);
      handFrames += 2;
      handFound += Number(tracked.found) + Number(looped.found);
      await yieldToBrowser();
    }
  }
  const backboneMs = median(bareMs);
  const liveLoopMs = median(liveMs);
  const handResult: HandFigures = fused
    ? handFigures(backboneMs, trackerMs, fusedMs, fusedEngineMs, motionMs, handFound, handFrames)
    : hand.status === 'not-measured'
      ? hand
      : { status: 'not-measured', reason: NO_HAND_PHOTO };
  return { runs, backboneMs, liveLoopMs, liveLoopEngineMs: median(liveEngineMs), liveLoopRatio: liveLoopMs / backboneMs, hand: handResult };
}

/**
 * The hand figures from their timed runs. Timings are only figures when every timed frame found the
 * hand: a frame without one runs the palm detector's search and skips the backbone.
 */
function handFigures(backboneMs: number, trackerMs: readonly number[], fusedMs: readonly number[], fusedEngineMs: readonly number[], motionMs: readonly number[], found: number, frames: number): HandFigures {
  if (found < frames) {
    const reason = found === 0 ? 'the hand tracker found no hand in the hand photo' : `the hand tracker found the hand in only ${found} of ${frames} timed frames of the hand photo`;
    return { status: 'not-measured', reason };
  }
  const handTrackerMs = median(trackerMs);
  const fusedLoopMs = median(fusedMs);
  const fusedLoopEngineMs = median(fusedEngineMs);
  const motionStepMs = median(motionMs);
  return { status: 'measured', handTrackerMs, fusedLoopMs, fusedLoopEngineMs, fusedLoopRatio: fusedLoopMs / (backboneMs + handTrackerMs), motionStepMs, motionStepRatio: motionStepMs / fusedLoopEngineMs };
}

/** The recording path (bitmap to the engine, embedding + JPEG back) back to back, without the app's rate cap. */
async function measureCapture(name: BackendName, engine: Engine, frame: HTMLCanvasElement, seconds: number, signal: AbortSignal | undefined, progress: Progress) {
  progress(`${name}: capturing samples back to back for ${seconds} s`);
  const capture = async () => {
    const bitmap = await createImageBitmap(frame);
    const out = await untilAborted(engine.processFrame(bitmap, { embed: true, classify: false, keepImage: true, hand: false, timestampMs: performance.now() }), signal);
    if (!out.image || !out.embedding) throw new Error('The engine kept no sample of a recorded frame.');
  };
  await capture(); // the JPEG encoder's first use is slow
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await capture();
    count += 1;
  }
  const captureSeconds = (performance.now() - start) / 1000;
  return { capturedPerSecond: count / captureSeconds, captureSeconds };
}

async function measureTraining(name: BackendName, bench: EngineBench, embeddingSize: number, signal: AbortSignal | undefined, progress: Progress) {
  const trainSamples = TRAIN_CLASSES * TRAIN_PER_CLASS;
  progress(`${name}: training a head on ${trainSamples.toLocaleString('en')} samples`);
  const set = createSyntheticTrainingSet({ embeddingSize, classCount: TRAIN_CLASSES, perClass: TRAIN_PER_CLASS, seed: 7 });
  const timing = await untilAborted(bench.timeHeadTraining(set), signal);
  return { trainSamples, trainSeconds: timing.seconds, trainEpochs: timing.epochs, trainValidationAccuracy: timing.validationAccuracy };
}

/**
 * The bare WASM backbone in the app's engine (its threads) against a second engine in a worker of
 * its own whose WASM is held to one thread (the single-threaded SIMD build), run by run in turn, the
 * order swapped every run, so both sides see the same moments of a busy machine. Needs the app's
 * engine in its worker, on WASM with more than one thread; otherwise says why there is nothing to
 * compare.
 */
async function measureWasmThreads(
  main: EngineConnection,
  report: BackendReport,
  connect: () => Promise<EngineConnection>,
  backboneId: BackboneId,
  frame: HTMLCanvasElement,
  signal: AbortSignal | undefined,
): Promise<WasmThreadsFigures> {
  if (report.wasmThreadCount <= 1) return { status: 'not-measured', reason: `the app runs WASM with one thread here (${report.wasmThreadsReason})` };
  // On the page both engines would share one TF.js, whose WASM threads are fixed once it has started.
  if (main.kind !== 'worker') return { status: 'not-measured', reason: 'the one-thread engine needs a worker of its own, and the engine runs on the page here' };
  const baseline = await connect();
  try {
    if (baseline.kind !== 'worker') return { status: 'not-measured', reason: `the one-thread engine could not start in a worker (${baseline.fallback ?? 'it runs on the page'})` };
    const single = await untilAborted(baseline.engine.load('wasm', backboneId, { wasmThreads: 'one' }), signal);
    if (single.active !== 'wasm' || single.wasmThreadCount !== 1) return { status: 'not-measured', reason: `the one-thread engine could not start WASM with one thread (${single.wasmThreadsReason})` };
    const time = async (bench: EngineBench) => untilAborted(bench.timeBackbone(await createImageBitmap(frame)), signal);
    for (let i = 0; i < WARM_UP_RUNS; i += 1) {
      await time(main.bench);
      await time(baseline.bench);
    }
    const threadedMs: number[] = [];
    const singleMs: number[] = [];
    for (let i = 0; i < THREAD_RUNS; i += 1) {
      if (i % 2 === 0) {
        threadedMs.push(await time(main.bench));
        singleMs.push(await time(baseline.bench));
      } else {
        singleMs.push(await time(baseline.bench));
        threadedMs.push(await time(main.bench));
      }
      await yieldToBrowser();
    }
    const threaded = median(threadedMs);
    const one = median(singleMs);
    return {
      status: 'measured',
      threads: report.wasmThreadCount,
      runs: THREAD_RUNS,
      threadedMs: threaded,
      singleMs: one,
      ratio: threaded / one,
      threadedBestMs: Math.min(...threadedMs),
      singleBestMs: Math.min(...singleMs),
    };
  } finally {
    baseline.close();
  }
}

/** `work`, or a rejection with the signal's reason the moment it aborts (the caller then stops the engine, which ends the work). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Lets the page repaint between timed runs. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
