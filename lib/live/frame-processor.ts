import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { runFrame, type FrameOutput, type LiveModel } from '../classify';
import { createBoxSmoother, handFocus, type BoxSmoother, type HandDetection, type HandTracker } from '../hand';
import { canvasToJpeg, centerSquare, createCropCanvas, drawCrop, readPixels, type CropBox } from '../image';

export type FrameSource = HTMLVideoElement | HTMLCanvasElement | ImageBitmap;

/** Its size in pixels; `instanceof HTMLVideoElement` would throw in a worker, which has no DOM classes. */
export function frameSize(source: FrameSource): [number, number] {
  return 'videoWidth' in source ? [source.videoWidth, source.videoHeight] : [source.width, source.height];
}

export interface FrameRequest {
  /** Null: only track the hand (nothing to record or classify yet). */
  readonly backbone: Backbone | null;
  readonly model: LiveModel | null;
  /** Keep the crop the backbone saw as a sample image. */
  readonly keepImage: boolean;
  /** Set in the hand modes: the backbone then sees the hand's crop, and nothing runs without a hand. */
  readonly hand: HandTracker | null;
  /** Set for motions in whole-frame mode: the hand is tracked and reported, but the crop stays the centre square. */
  readonly track?: HandTracker | null;
  /** The frame's time, increasing from frame to frame (the hand tracker follows the hand through time). */
  readonly timestampMs: number;
}

export interface ProcessedFrame extends FrameOutput {
  /** Time from reading the video to having probabilities on the CPU. */
  readonly latencyMs: number;
  /** The 224x224 crop the backbone saw, when the frame was asked to be kept as a sample. */
  readonly image: Promise<Blob> | null;
  /** The hand found (hand modes, or `track`), or null when none is in view or none was looked for. */
  readonly hand: HandDetection | null;
  /** Whether the hand tracker ran on this frame (the hand modes, or `track`). */
  readonly tracked: boolean;
  /** The square the backbone saw, in source pixels (the smoothed hand box, or the centre square). */
  readonly box: CropBox | null;
  /** The hand's landmark features, when a hand was found. */
  readonly landmarks: Float32Array | null;
}

/**
 * The whole per-frame path: find the hand (hand modes), crop the hand's smoothed box or the video's
 * centre square into the backbone's input canvas, embed, classify. The live loop and the benchmark
 * both run exactly this, so measured latency is real. One processor serves one video stream: it
 * remembers the hand box between frames.
 */
export interface FrameProcessor {
  process(source: FrameSource, request: FrameRequest): Promise<ProcessedFrame>;
  /** A new stream starts: the steadied box forgets the last one's hand. */
  restart(): void;
}

export function createFrameProcessor(inputSize = 224): FrameProcessor {
  const canvas = createCropCanvas(inputSize);
  // Frames are processed one at a time and their pixel tensor is freed before the next: one buffer serves all.
  const rgb = new Float32Array(inputSize * inputSize * 3);
  let smoother: { width: number; height: number; boxes: BoxSmoother } | null = null;
  const smootherFor = (width: number, height: number) => {
    if (smoother?.width !== width || smoother.height !== height) smoother = { width, height, boxes: createBoxSmoother({ frameWidth: width, frameHeight: height }) };
    return smoother.boxes;
  };
  return {
    restart() {
      smoother = null;
    },
    async process(source, { backbone, model, keepImage, hand, track = null, timestampMs }) {
      const start = performance.now();
      const [width, height] = frameSize(source);
      let found: HandDetection | null = null;
      let landmarks: Float32Array | null = null;
      let box: CropBox | null = null;
      const tracker = hand ?? track;
      if (tracker) found = tracker.detectVideo(source, timestampMs);
      if (hand) {
        // The same box and features as a still image gets (handFocus), the box then steadied across frames.
        const focus = found ? handFocus(found, width, height) : null;
        box = smootherFor(width, height).next(focus?.box ?? null);
        landmarks = focus?.landmarks ?? null;
      } else {
        box = centerSquare(width, height);
      }
      const idle = { embedding: null, probabilities: null, image: null, hand: found, tracked: tracker !== null, box, landmarks };
      // No hand in a hand mode: nothing to record, and no label (a guess from the background would mislead).
      if (!backbone || !box || (hand && !found) || (!model && !keepImage)) return { ...idle, latencyMs: performance.now() - start };
      const useLandmarks = model?.usesLandmarks === true;
      // A landmarks-only model needs no pixels unless the frame is being kept as a sample.
      const needsPixels = keepImage || (model !== null && (model.usesEmbedding || !model.usesLandmarks));
      if (!needsPixels) {
        const noPixels = tf.zeros([1, 1, 1, 3]) as tf.Tensor4D;
        try {
          return { ...idle, ...(await runFrame(backbone, model, noPixels, false, landmarks)), latencyMs: performance.now() - start };
        } finally {
          noPixels.dispose();
        }
      }
      drawCrop(source, box, canvas);
      const pixels = tf.tidy(() => tf.expandDims<tf.Tensor4D>(readPixels(canvas, rgb), 0)); // [1, 224, 224, 3] float32, 0..255
      // Snapshot now: the next frame redraws the canvas.
      const image = keepImage ? canvasToJpeg(canvas) : null;
      try {
        const output = await runFrame(backbone, model, pixels, keepImage, useLandmarks ? landmarks : null);
        return { ...idle, ...output, image, latencyMs: performance.now() - start };
      } finally {
        pixels.dispose();
      }
    },
  };
}
