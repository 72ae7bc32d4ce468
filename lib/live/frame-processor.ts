import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { runFrame, type FrameOutput, type LiveModel } from '../classify';
import { canvasToJpeg, centerSquare, createCropCanvas, drawCrop, readPixels } from '../image';

export interface ProcessedFrame extends FrameOutput {
  /** Time from reading the video to having probabilities on the CPU. */
  readonly latencyMs: number;
  /** The 224x224 crop the backbone saw, when the frame was asked to be kept as a sample. */
  readonly image: Promise<Blob> | null;
}

/**
 * The whole per-frame path: crop the video's centre square into the backbone's input canvas, embed,
 * classify. The live loop and the benchmark both run exactly this, so measured latency is real.
 */
export interface FrameProcessor {
  process(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap, backbone: Backbone, model: LiveModel | null, keepImage: boolean): Promise<ProcessedFrame>;
}

export function createFrameProcessor(inputSize = 224): FrameProcessor {
  const canvas = createCropCanvas(inputSize);
  // Frames are processed one at a time and their pixel tensor is freed before the next: one buffer serves all.
  const rgb = new Float32Array(inputSize * inputSize * 3);
  return {
    async process(source, backbone, model, keepImage) {
      const start = performance.now();
      const [width, height] = source instanceof HTMLVideoElement ? [source.videoWidth, source.videoHeight] : [source.width, source.height];
      drawCrop(source, centerSquare(width, height), canvas);
      const pixels = tf.tidy(() => tf.expandDims<tf.Tensor4D>(readPixels(canvas, rgb), 0)); // [1, 224, 224, 3] float32, 0..255
      // Snapshot now: the next frame redraws the canvas.
      const image = keepImage ? canvasToJpeg(canvas) : null;
      try {
        const output = await runFrame(backbone, model, pixels, keepImage);
        return { ...output, latencyMs: performance.now() - start, image };
      } finally {
        pixels.dispose();
      }
    },
  };
}
