import type { BackboneId } from '../backbone';
import type { EngineKind } from '../engine';
import type { BackendName } from '../tf';
import { formatTable } from './stats';

/** The live loop may cost at most this many bare backbone passes per frame (issue target). */
export const LIVE_LOOP_RATIO_TARGET = 1.3;
/** The fused hand mode may cost at most this many (bare backbone + bare hand tracker) per frame (issue target). */
export const FUSED_LOOP_RATIO_TARGET = 1.2;
/** Recognising motions may add at most this share of the fused loop's time to each live frame (issue target). */
export const MOTION_STEP_RATIO_TARGET = 0.1;
/** Motion classes of the timed motion network: eight motions and "no motion", as in the motion proof. */
export const BENCH_MOTION_CLASSES = 9;
/** With its threads, the WASM backbone may take at most this share of its single-threaded time (issue target, 2 cores). */
export const WASM_THREADS_RATIO_TARGET = 0.7;
/** Why the hand figures are missing when the run was given no photo to track a hand in. */
export const NO_HAND_PHOTO = 'no hand photo given';

/** The hand-tracking figures on one backend, timed in the same alternating runs as the backbone. */
export type HandFigures = HandMeasured | HandNotMeasured;

export interface HandMeasured {
  readonly status: 'measured';
  /** MediaPipe's `detectVideo` alone on a 320x240 frame of the hand photo (VIDEO mode: it tracks the hand). */
  readonly handTrackerMs: number;
  /** The fused mode's whole per-frame path, timed on the page: hand tracker, hand crop, backbone, head on embedding + landmarks, read-back. */
  readonly fusedLoopMs: number;
  /** The same frames timed inside the engine (no messaging). */
  readonly fusedLoopEngineMs: number;
  /** `fusedLoopMs / (backboneMs + handTrackerMs)`. */
  readonly fusedLoopRatio: number;
  /** One live motion step inside the engine (resample the frame's row into the window, classify the window). */
  readonly motionStepMs: number;
  /** `motionStepMs / fusedLoopEngineMs`: what recognising motions adds to a fused live frame, both timed inside the engine. */
  readonly motionStepRatio: number;
}

/** No hand figures, and why (no photo, the tracker could not start, or it found no hand): never made up. */
export interface HandNotMeasured {
  readonly status: 'not-measured';
  readonly reason: string;
}

/** Everything measured on one backend. Times are medians over `runs` timed runs after warm-up. */
export interface BackendFigures {
  readonly backend: BackendName;
  readonly status: 'measured';
  readonly runs: number;
  /** `backbone.embed` on a preloaded [1, 224, 224, 3] tensor, plus reading the embedding back. */
  readonly backboneMs: number;
  /**
   * The live loop's whole per-frame path as the studio runs it: the page makes a bitmap of the frame and
   * hands it to the engine, which crops, reads the pixels, runs the backbone and head and sends the
   * probabilities back; timed on the page.
   */
  readonly liveLoopMs: number;
  /** The same frames timed inside the engine, from receiving the bitmap to having probabilities (no messaging). */
  readonly liveLoopEngineMs: number;
  /** `liveLoopMs / backboneMs`. */
  readonly liveLoopRatio: number;
  readonly hand: HandFigures;
  /** Recording-path frames (embedding + JPEG) finished per second, back to back, with no rate cap. */
  readonly capturedPerSecond: number;
  readonly captureSeconds: number;
  readonly trainSamples: number;
  readonly trainSeconds: number;
  readonly trainEpochs: number;
  readonly trainValidationAccuracy: number | null;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
}

export interface BackendUnavailable {
  readonly backend: BackendName;
  readonly status: 'unavailable';
  readonly reason: string;
}

export type BackendBench = BackendFigures | BackendUnavailable;

/**
 * The bare WASM backbone with the threads the app runs against one thread (a second engine held to
 * the single-threaded build), timed alternately in the same run; or why not.
 */
export type WasmThreadsFigures = WasmThreadsMeasured | WasmThreadsNotMeasured;

export interface WasmThreadsMeasured {
  readonly status: 'measured';
  /** Threads the app's WASM backend ran (XNNPACK's own count). */
  readonly threads: number;
  /** Timed runs per side. */
  readonly runs: number;
  readonly threadedMs: number;
  readonly singleMs: number;
  /** `threadedMs / singleMs`. */
  readonly ratio: number;
  /** The fastest run of each side: threads pay only while every thread gets a core at once, so they show what free cores give. */
  readonly threadedBestMs: number;
  readonly singleBestMs: number;
}

export interface WasmThreadsNotMeasured {
  readonly status: 'not-measured';
  readonly reason: string;
}

/** Where the engine ran: its worker (the studio's path), or the page (`?engine=main`, or a worker could not start). */
export interface BenchEngine {
  readonly kind: EngineKind;
  /** Why it ran on the page although a worker was asked for; null otherwise. */
  readonly fallback: string | null;
}

/** What `initBackend('auto')` chose at start-up and the probe times it chose by. */
export interface AutoSelection {
  readonly chose: BackendName;
  readonly probeMs: Partial<Record<BackendName, number>>;
  readonly gpuRenderer: string | null;
  readonly softwareRenderer: boolean;
  readonly wasmSimd: boolean;
  /** Threads the app's WASM backend runs (1: single-threaded), and why. */
  readonly wasmThreadCount: number;
  readonly wasmThreadsReason: string;
}

/** Plain data: what the page shows, and what `npm run bench` reads back as JSON. */
export interface BenchResult {
  readonly backboneId: BackboneId;
  readonly backboneLabel: string;
  readonly engine: BenchEngine;
  readonly auto: AutoSelection;
  readonly backends: readonly BackendBench[];
  readonly wasmThreads: WasmThreadsFigures;
  /** The measured backend with the lowest live-loop latency; null when none could be measured. */
  readonly fastest: BackendName | null;
  readonly recordCapPerSecond: number;
}

export function measuredBackends(result: Pick<BenchResult, 'backends'>): BackendFigures[] {
  return result.backends.filter((b): b is BackendFigures => b.status === 'measured');
}

/** The backend whose full live loop is quickest; ties keep the earlier one. */
export function measuredFastest(backends: readonly BackendBench[]): BackendName | null {
  let best: BackendFigures | null = null;
  for (const b of backends) {
    if (b.status === 'measured' && (best === null || b.liveLoopMs < best.liveLoopMs)) best = b;
  }
  return best?.backend ?? null;
}

/** Backends that ended their run holding more (or fewer) tensors than they started with. */
export function leakingBackends(result: Pick<BenchResult, 'backends'>): BackendName[] {
  return measuredBackends(result)
    .filter((b) => b.tensorsAfter !== b.tensorsBefore)
    .map((b) => b.backend);
}

export interface BenchRow {
  readonly figure: string;
  /** What the figure means, for the page; the text report leaves it out. */
  readonly meaning: string;
  /** One cell per measured backend, in `measuredBackends` order. */
  readonly cells: readonly string[];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The figures as table rows, one column per measured backend; shared by the page and the text report. */
export function benchRows(result: BenchResult): BenchRow[] {
  const measured = measuredBackends(result);
  const row = (figure: string, meaning: string, cell: (b: BackendFigures) => string): BenchRow => ({ figure, meaning, cells: measured.map(cell) });
  return [
    row('Backbone forward pass', 'Median time for MobileNet alone to turn one 224x224 image into an embedding and read it back.', (b) => ms(b.backboneMs)),
    row(
      'Live loop per frame',
      'Median time for everything the app does per camera frame, timed on the page: the frame handed to the ML engine as a bitmap, crop, convert, backbone, classifier, the probabilities back.',
      (b) => ms(b.liveLoopMs),
    ),
    row('Live loop inside the engine', 'The same frames timed inside the ML engine: the part of the loop that is not passing the frame and the result between threads.', (b) => ms(b.liveLoopEngineMs)),
    row(
      `Live loop ÷ backbone (target ≤ ${LIVE_LOOP_RATIO_TARGET})`,
      'How much the app adds on top of the backbone itself; 1.0 would mean no overhead at all.',
      (b) => `${b.liveLoopRatio.toFixed(2)} (${b.liveLoopRatio <= LIVE_LOOP_RATIO_TARGET ? 'met' : 'missed'})`,
    ),
    row('Hand tracker per frame', 'Median time for the MediaPipe hand tracker alone to follow the hand in one 320x240 frame of the hand photo.', (b) => handCell(b, (h) => ms(h.handTrackerMs))),
    row(
      'Fused loop per frame',
      'Median time for everything the app does per frame in the fused hand mode: hand tracker, hand crop, backbone, classifier on embedding plus landmarks, read-back.',
      (b) => handCell(b, (h) => ms(h.fusedLoopMs)),
    ),
    row('Fused loop inside the engine', 'The same frames timed inside the ML engine, without passing the frame and the result between threads.', (b) =>
      handCell(b, (h) => ms(h.fusedLoopEngineMs)),
    ),
    row(
      `Fused loop ÷ (backbone + hand tracker) (target ≤ ${FUSED_LOOP_RATIO_TARGET})`,
      'How much the fused mode adds on top of the two models it runs; 1.0 would mean no overhead at all.',
      (b) => handCell(b, (h) => `${h.fusedLoopRatio.toFixed(2)} (${h.fusedLoopRatio <= FUSED_LOOP_RATIO_TARGET ? 'met' : 'missed'})`),
    ),
    row(
      'Motion model per frame',
      `Median time, inside the engine, of one live motion step: the frame's hand row resampled into the 2 s window and the temporal network (${BENCH_MOTION_CLASSES} classes) classifying it.`,
      (b) => handCell(b, (h) => ms(h.motionStepMs)),
    ),
    row(
      `Motion model ÷ fused loop (target ≤ ${MOTION_STEP_RATIO_TARGET})`,
      'What recognising motions adds to each fused live frame, both timed inside the engine.',
      (b) => handCell(b, (h) => `${h.motionStepRatio.toFixed(3)} (${h.motionStepRatio <= MOTION_STEP_RATIO_TARGET ? 'met' : 'missed'})`),
    ),
    row(
      'Samples captured per second',
      `Frames the recording path (embedding plus a JPEG thumbnail) can finish per second. The app records at most ${result.recordCapPerSecond} per second by design.`,
      (b) => `${b.capturedPerSecond.toFixed(1)} /s`,
    ),
    row(
      'Head training, 1,000 samples',
      'Time to train the small classifier with the default settings on 1,000 made-up embeddings (10 classes).',
      (b) => `${b.trainSeconds.toFixed(1)} s (${b.trainEpochs} epochs)`,
    ),
    row('Tensors before → after', 'TensorFlow.js tensors alive before and after the run; equal numbers mean nothing leaked.', (b) =>
      b.tensorsAfter === b.tensorsBefore ? `${b.tensorsBefore} → ${b.tensorsAfter} (no leak)` : `${b.tensorsBefore} → ${b.tensorsAfter} (LEAK)`,
    ),
    row('Timed runs per median', 'Slow backends (over 200 ms a frame) are timed fewer times to keep the run short.', (b) => String(b.runs)),
  ];
}

const handCell = (b: BackendFigures, cell: (hand: HandMeasured) => string) => (b.hand.status === 'measured' ? cell(b.hand) : 'not measured');

/**
 * One sentence per reason the hand figures are missing, naming the backends it applies to (usually
 * all of them: the photo and the tracker are shared by the whole run). Empty when all were measured.
 */
export function handNotes(result: Pick<BenchResult, 'backends'>): string[] {
  const byReason = new Map<string, BackendName[]>();
  for (const b of measuredBackends(result)) {
    if (b.hand.status === 'not-measured') byReason.set(b.hand.reason, [...(byReason.get(b.hand.reason) ?? []), b.backend]);
  }
  return [...byReason].map(([reason, names]) => `Hand tracker and fused loop on ${names.join(' and ')}: not measured: ${reason}.`);
}

export function formatProbes(probeMs: Partial<Record<BackendName, number>>): string {
  const entries = Object.entries(probeMs).filter(([, value]) => value !== undefined) as [BackendName, number][];
  return entries.length > 0 ? entries.map(([name, value]) => `${name} ${value.toFixed(1)} ms`).join(', ') : 'no backend probed';
}

/** One sentence on where the figures were measured. */
export function engineSummary(result: Pick<BenchResult, 'engine'>): string {
  const { kind, fallback } = result.engine;
  if (kind === 'worker') return 'Measured through the ML engine in its Web Worker, as the studio runs it: loop times include handing each frame over and the result back.';
  return fallback ? `Measured with the ML engine on the page's thread: ${fallback}` : "Measured with the ML engine on the page's thread (?engine=main).";
}

/** One sentence on the WASM backbone with threads against one thread. */
export function wasmThreadsSummary(result: Pick<BenchResult, 'wasmThreads'>): string {
  const t = result.wasmThreads;
  if (t.status === 'not-measured') return `WASM threads against one thread: not measured: ${t.reason}.`;
  const verdict = t.ratio <= WASM_THREADS_RATIO_TARGET ? 'met' : `missed by ${(t.ratio - WASM_THREADS_RATIO_TARGET).toFixed(2)}`;
  return (
    `WASM backbone with ${t.threads} threads ${ms(t.threadedMs)}, with one thread ${ms(t.singleMs)}: ` +
    `threads ÷ one thread ${t.ratio.toFixed(2)} (target ≤ ${WASM_THREADS_RATIO_TARGET}: ${verdict}; medians of ${t.runs} runs each, alternating; ` +
    `fastest runs ${ms(t.threadedBestMs)} and ${ms(t.singleBestMs)}).`
  );
}

/** One sentence comparing start-up auto-selection with the measured winner. */
export function selectionSummary(result: BenchResult): string {
  const chose = `Auto-selection chose ${result.auto.chose} (probe: ${formatProbes(result.auto.probeMs)})`;
  if (result.fastest === null) return `${chose}; no backend could be measured.`;
  const verdict = result.fastest === result.auto.chose ? 'they agree' : 'they DISAGREE';
  return `${chose}; measured fastest: ${result.fastest}; ${verdict}.`;
}

/** The whole result as plain text: the table `npm run bench` prints and the page offers to copy. */
export function formatBenchReport(result: BenchResult): string {
  const measured = measuredBackends(result);
  const rows = benchRows(result);
  const lines = [
    `Gesture Studio benchmark: ${result.backboneLabel}, 224x224 input`,
    `GPU renderer: ${result.auto.gpuRenderer ?? 'none'}${result.auto.softwareRenderer ? ' (software)' : ''}; WASM SIMD: ${result.auto.wasmSimd ? 'yes' : 'no'}; WASM threads: ${result.auto.wasmThreadsReason}`,
    engineSummary(result),
    '',
  ];
  if (measured.length > 0) {
    lines.push(
      formatTable(
        ['Figure', ...measured.map((b) => b.backend)],
        rows.map((r) => [r.figure, ...r.cells]),
        ['left', ...measured.map(() => 'right' as const)],
      ),
      '',
    );
  }
  for (const b of result.backends) {
    if (b.status === 'unavailable') lines.push(`${b.backend}: not measured (${b.reason})`);
  }
  lines.push(...handNotes(result));
  lines.push(
    wasmThreadsSummary(result),
    `Samples captured per second is raw capacity; the app records at most ${result.recordCapPerSecond} per second by design.`,
    selectionSummary(result),
  );
  return lines.join('\n');
}
