import { FilesetResolver, HandLandmarker, type HandLandmarkerOptions, type HandLandmarkerResult } from '@mediapipe/tasks-vision';
import { context2d, createCanvas, type AnyCanvas } from '../image';
import type { Hand, Handedness } from './landmarks';
import { LOW_THRESHOLD, searchStill, STILL_SEARCH, type StillModel, type StillTry } from './still-search';
import { landmarksFromView, type StillView } from './still-views';
import { boxCentre, createVideoRecovery, type VideoRecovery } from './video-recovery';

/** Served from the app's own origin (copied there by scripts/prepare-assets.mjs): nothing is fetched from elsewhere. */
export const HAND_WASM_PATH = '/mediapipe-wasm';
export const HAND_MODEL_PATH = '/models/hand_landmarker.task';
/** The lite palm detector and landmark model, built beside the full ones by scripts/prepare-assets.mjs. */
export const HAND_LITE_MODEL_PATH = '/models/hand_landmarker_lite.task';

/** One hand found in an image: MediaPipe's landmarks and handedness, plus how sure it was. */
export interface HandDetection extends Hand {
  readonly score: number;
}

export type HandTrackerErrorKind = 'model-missing' | 'runtime-failed';

/** Why the hand model could not start; the app then falls back to whole-frame mode and says so. */
export class HandTrackerError extends Error {
  constructor(
    readonly kind: HandTrackerErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HandTrackerError';
  }
}

/** MediaPipe's HandLandmarker, one hand at a time. Close it to free its WASM memory. */
export interface HandTracker {
  /**
   * For successive frames of one video: timestamps must increase. Tracks the hand from frame to frame.
   * When the track is lost, some frames also get a still-image try or two (see `createVideoRecovery`).
   */
  detectVideo(frame: HTMLVideoElement | AnyCanvas | ImageBitmap, timestampMs: number): HandDetection | null;
  /**
   * Forgets the hand followed so far, as at the start of a new video: the next `detectVideo` searches
   * the whole frame. So one still frame shown again gives the same landmarks in every stream.
   */
  restartVideo(): void;
  /**
   * For independent still images (uploads, imports, evaluation): every image is searched from scratch
   * with `tries` (default `STILL_SEARCH`) in turn until one finds a hand; landmarks are in the image's
   * own coordinates.
   */
  detectImage(image: AnyCanvas | ImageBitmap, tries?: readonly StillTry[]): HandDetection | null;
  /** One still-image try alone (for measuring each try); landmarks are in the image's own coordinates. */
  tryImage(image: AnyCanvas | ImageBitmap, attempt: StillTry): HandDetection | null;
  close(): void;
}

/** A `.task` file: its URL on the app's origin, or its bytes (a model bundle carries the full model). */
export type HandModelSource = string | Uint8Array;

export interface HandTrackerOptions {
  /** How a lost live track is looked for (`createVideoRecovery`); other policies are for measuring them. */
  readonly videoRecovery?: () => VideoRecovery;
}

/**
 * Loads the hand landmarker four times: MediaPipe's VIDEO mode tracks the hand found in the previous
 * frame (fast, steady), which would be wrong for unrelated photos, so stills get IMAGE-mode
 * instances: the full model, the lite model and the full model with a low palm threshold (one per
 * `StillModel`). The CPU delegate leaves the GPU to the backbone.
 */
export async function loadHandTracker(
  model: HandModelSource = HAND_MODEL_PATH,
  liteModel: HandModelSource = HAND_LITE_MODEL_PATH,
  { videoRecovery = () => createVideoRecovery() }: HandTrackerOptions = {},
): Promise<HandTracker> {
  for (const path of [model, liteModel]) {
    if (typeof path !== 'string') continue;
    const response = await fetch(path, { method: 'HEAD' }).catch(() => null);
    if (!response?.ok) {
      throw new HandTrackerError('model-missing', `The hand model ${path} is missing from this installation; run npm install again to build it.`);
    }
  }
  try {
    const fileset = await FilesetResolver.forVisionTasks(HAND_WASM_PATH);
    // Each landmarker makes a WebGL context for its input images (also with the CPU delegate), and a
    // worker keeps at most 4 live WebGL contexts (Chromium loses the oldest beyond that, silently): four
    // landmarkers of their own would leave TF.js's WebGL backend in the engine's worker none. They run
    // one at a time on this thread, so one canvas, one context, serves them all.
    const glCanvas = typeof OffscreenCanvas === 'undefined' ? undefined : new OffscreenCanvas(1, 1);
    const create = (runningMode: 'VIDEO' | 'IMAGE', source: HandModelSource, options: Partial<HandLandmarkerOptions> = {}) =>
      HandLandmarker.createFromOptions(fileset, {
        baseOptions: { ...(typeof source === 'string' ? { modelAssetPath: source } : { modelAssetBuffer: source }), delegate: 'CPU' },
        runningMode,
        numHands: 1,
        canvas: glCanvas,
        ...options,
      });
    const [video, full, lite, lowThreshold] = await Promise.all([create('VIDEO', model), create('IMAGE', model), create('IMAGE', liteModel), create('IMAGE', model, LOW_THRESHOLD)]);
    const still: Record<StillModel, HandLandmarker> = { full, lite, 'low-threshold': lowThreshold };
    const canvas = createCanvas(64, 64);
    // A frame with no hand: the VIDEO landmarker loses any hand it followed on it.
    const blank = createCanvas(64, 64);
    context2d(blank).fillRect(0, 0, 64, 64);
    // Each landmarker builds its inference graph on its first call, blocking its thread for over a
    // second: pay that now, while the model is still shown as loading, not on the first frame or photo.
    video.detectForVideo(blank, 0);
    for (const landmarker of Object.values(still)) landmarker.detect(blank);
    const tryImage = (image: StillSource, attempt: StillTry): HandDetection | null => {
      const { width, height } = sizeOf(image);
      const view = attempt.view(width, height);
      const hand = firstHand(still[attempt.model].detect(drawView(canvas, image, view, width, height)));
      return hand && { ...hand, landmarks: landmarksFromView(hand.landmarks, view, width, height) };
    };
    let recovery = videoRecovery();
    let lastTimestamp = 0;
    return {
      detectVideo(frame, timestampMs) {
        // MediaPipe rejects a timestamp that does not increase; two callbacks in one millisecond happen.
        const timestamp = Math.max(timestampMs, lastTimestamp + 1);
        lastTimestamp = timestamp;
        const tracked = firstHand(video.detectForVideo(frame, timestamp));
        if (tracked) {
          recovery.tracked(boxCentre(tracked.landmarks), timestamp);
          return tracked;
        }
        for (const attempt of recovery.next(timestamp)) {
          const recovered = tryImage(frame, attempt);
          recovery.report(attempt, recovered && boxCentre(recovered.landmarks), timestamp);
          if (recovered) return recovered;
        }
        return null;
      },
      restartVideo() {
        lastTimestamp += 1;
        video.detectForVideo(blank, lastTimestamp);
        recovery = videoRecovery();
      },
      detectImage(image, tries = STILL_SEARCH) {
        return searchStill(tries, (attempt) => tryImage(image, attempt))?.found ?? null;
      },
      tryImage,
      close() {
        video.close();
        for (const landmarker of Object.values(still)) landmarker.close();
      },
    };
  } catch (error) {
    throw new HandTrackerError('runtime-failed', `The hand tracker could not start (${error instanceof Error ? error.message : String(error)}); the app uses whole frames instead.`);
  }
}

type StillSource = HTMLVideoElement | AnyCanvas | ImageBitmap;

function sizeOf(source: StillSource): { width: number; height: number } {
  return 'videoWidth' in source ? { width: source.videoWidth, height: source.videoHeight } : { width: source.width, height: source.height };
}

/** The image as the view shows it: the image itself for a plain view, else drawn on `canvas` over grey. */
function drawView(canvas: AnyCanvas, image: StillSource, view: StillView, width: number, height: number): StillSource {
  const [a, b, c, d, e, f] = view.transform;
  if (a === 1 && b === 0 && c === 0 && d === 1 && e === 0 && f === 0 && view.width === width && view.height === height) return image;
  canvas.width = view.width;
  canvas.height = view.height;
  const ctx = context2d(canvas);
  ctx.fillStyle = 'rgb(128, 128, 128)';
  ctx.fillRect(0, 0, view.width, view.height);
  ctx.setTransform(a, b, c, d, e, f);
  ctx.drawImage(image, 0, 0, width, height);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return canvas;
}

function firstHand(result: HandLandmarkerResult): HandDetection | null {
  const landmarks = result.landmarks[0];
  const category = result.handedness[0]?.[0];
  if (!landmarks || !category) return null;
  const handedness: Handedness = category.categoryName === 'Left' ? 'Left' : 'Right';
  return { landmarks: landmarks.map(({ x, y, z }) => ({ x, y, z })), handedness, score: category.score };
}
