import { FilesetResolver, HandLandmarker, type HandLandmarkerResult } from '@mediapipe/tasks-vision';
import { STILL_IMAGE_MARGINS, stillImageMargin, unpadLandmarks } from './hand-focus';
import type { Hand, Handedness } from './landmarks';

/** Served from the app's own origin (copied there by scripts/prepare-assets.mjs): nothing is fetched from elsewhere. */
export const HAND_WASM_PATH = '/mediapipe-wasm';
export const HAND_MODEL_PATH = '/models/hand_landmarker.task';

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
  /** For successive frames of one video: timestamps must increase. Tracks the hand from frame to frame. */
  detectVideo(frame: HTMLVideoElement | HTMLCanvasElement | ImageBitmap, timestampMs: number): HandDetection | null;
  /**
   * For independent still images (uploads, imports, evaluation): every image is searched from scratch,
   * as it is and then with margins around it (see `STILL_IMAGE_MARGINS`); landmarks are in the
   * image's own coordinates.
   */
  detectImage(image: HTMLCanvasElement | ImageBitmap): HandDetection | null;
  close(): void;
}

/**
 * Loads the hand landmarker twice: MediaPipe's VIDEO mode tracks the hand found in the previous frame
 * (fast, steady), which would be wrong for unrelated photos, so stills get an IMAGE-mode instance.
 * The CPU delegate leaves the GPU to the backbone.
 */
export async function loadHandTracker(modelPath = HAND_MODEL_PATH): Promise<HandTracker> {
  const response = await fetch(modelPath, { method: 'HEAD' }).catch(() => null);
  if (!response?.ok) {
    throw new HandTrackerError('model-missing', `The hand model ${modelPath} is missing from this installation; run npm install again to build it.`);
  }
  try {
    const fileset = await FilesetResolver.forVisionTasks(HAND_WASM_PATH);
    const create = (runningMode: 'VIDEO' | 'IMAGE') =>
      HandLandmarker.createFromOptions(fileset, { baseOptions: { modelAssetPath: modelPath, delegate: 'CPU' }, runningMode, numHands: 1 });
    const [video, image] = await Promise.all([create('VIDEO'), create('IMAGE')]);
    const padded = document.createElement('canvas');
    // Each landmarker builds its inference graph on its first call, blocking the page for over a
    // second: pay that now, while the model is still shown as loading, not on the first frame or photo.
    padded.width = padded.height = 64;
    (padded.getContext('2d') as CanvasRenderingContext2D).fillRect(0, 0, 64, 64);
    video.detectForVideo(padded, 0);
    image.detect(padded);
    let lastTimestamp = 0;
    return {
      detectVideo(frame, timestampMs) {
        // MediaPipe rejects a timestamp that does not increase; two callbacks in one millisecond happen.
        const timestamp = Math.max(timestampMs, lastTimestamp + 1);
        lastTimestamp = timestamp;
        return firstHand(video.detectForVideo(frame, timestamp));
      },
      detectImage(still) {
        for (const share of STILL_IMAGE_MARGINS) {
          const margin = stillImageMargin(still.width, still.height, share);
          let input: HTMLCanvasElement | ImageBitmap = still;
          if (margin > 0) {
            padded.width = still.width + 2 * margin;
            padded.height = still.height + 2 * margin;
            const ctx = padded.getContext('2d') as CanvasRenderingContext2D;
            ctx.fillStyle = 'rgb(128, 128, 128)';
            ctx.fillRect(0, 0, padded.width, padded.height);
            ctx.drawImage(still, margin, margin);
            input = padded;
          }
          const hand = firstHand(image.detect(input));
          if (hand) return { ...hand, landmarks: unpadLandmarks(hand.landmarks, margin, still.width, still.height) };
        }
        return null;
      },
      close() {
        video.close();
        image.close();
      },
    };
  } catch (error) {
    throw new HandTrackerError('runtime-failed', `The hand tracker could not start (${error instanceof Error ? error.message : String(error)}); the app uses whole frames instead.`);
  }
}

function firstHand(result: HandLandmarkerResult): HandDetection | null {
  const landmarks = result.landmarks[0];
  const category = result.handedness[0]?.[0];
  if (!landmarks || !category) return null;
  const handedness: Handedness = category.categoryName === 'Left' ? 'Left' : 'Right';
  return { landmarks: landmarks.map(({ x, y, z }) => ({ x, y, z })), handedness, score: category.score };
}
