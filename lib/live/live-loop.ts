import type { Engine, EngineFrame } from '../engine';

/** What the next frame asks of the engine, read every frame so the loop always does what is current. */
export interface LiveRequest {
  readonly engine: Engine | null;
  /** Run the backbone (recording, or classifying with a model). */
  readonly embed: boolean;
  readonly classify: boolean;
  /** Hand modes: track the hand (every frame, so it is drawn even before anything is trained). */
  readonly hand: boolean;
  readonly recording: boolean;
  readonly keepImage: (nowMs: number) => boolean;
  /** Motions: track the hand (in every mode) for its motion row and the motion model's step. */
  readonly motion: boolean;
}

export interface LiveLoopInputs {
  readonly video: HTMLVideoElement;
  current(): LiveRequest;
  /**
   * `sampleWanted`: this frame was due to become a sample (it did unless no hand was in view).
   * `latencyMs`: from reading the video to having the result back on the page, so the frame was
   * captured at `nowMs - latencyMs`.
   */
  onFrame(frame: EngineFrame, nowMs: number, latencyMs: number, sampleWanted: boolean): void;
  onError(error: unknown): void;
}

export interface LiveLoop {
  stop(): void;
}

/**
 * Hands each new video frame to the engine as an `ImageBitmap` (transferred to its worker, never
 * copied), one at a time: while the engine works on a frame the video's newer frames are dropped,
 * never queued, so the labels stay current and the page only captures, draws and renders. When the
 * engine hands a frame back and the video has shown a newer one meanwhile, that one goes at once;
 * only when it has not does the loop wait for the next. (Waiting for the next video frame each time
 * cost half a frame interval per frame on average once the engine ran in a worker, where the page's
 * thread is free and frames are presented on time: the worker tracked 19 frames a second where the
 * page's own engine, which blocks presentation and so always finds a frame waiting, tracked 26.)
 * The backbone only runs when its output is wanted: while recording or classifying. While the tab
 * is hidden no frame is read: nobody sees the predictions, and the GPU and battery are the user's.
 */
export function startLiveLoop(inputs: LiveLoopInputs): LiveLoop {
  const { video } = inputs;
  let running = true;
  let handle = 0;
  // The loop's first frame starts a new stream in the engine (see `FrameRequest.restart`).
  let first = true;
  const perVideoFrame = 'requestVideoFrameCallback' in video;
  const hidden = () => document.visibilityState === 'hidden';

  const processFrame = async () => {
    const { engine, embed, classify, hand, recording, keepImage, motion } = inputs.current();
    // While the engine is away (loading, or busy with another stream such as a video being read),
    // the next frame it gets starts the camera's stream afresh.
    if (!engine) first = true;
    if (!engine || video.readyState < 2 || video.videoWidth === 0 || !(embed || hand || motion)) return;
    try {
      const start = performance.now();
      const sampleWanted = embed && recording && keepImage(start);
      const bitmap = await createImageBitmap(video);
      const frame = await engine.processFrame(bitmap, { embed, classify, keepImage: sampleWanted, hand, motion, timestampMs: start, restart: first });
      first = false;
      const now = performance.now();
      if (running) inputs.onFrame(frame, now, now - start, sampleWanted);
    } catch (error) {
      // A frame that was in flight when the loop stopped (its backend left) is dropped, failed or not.
      if (running) inputs.onError(error);
    }
  };

  if (!perVideoFrame) {
    // Without per-video-frame callbacks, one frame per animation frame.
    const onAnimationFrame = async () => {
      if (!running) return;
      if (!hidden()) await processFrame();
      if (running) handle = requestAnimationFrame(onAnimationFrame);
    };
    handle = requestAnimationFrame(onAnimationFrame);
    return {
      stop() {
        running = false;
        cancelAnimationFrame(handle);
      },
    };
  }

  // How many frames the video has presented, and which of them was last handed to the engine.
  let presented = 0;
  let taken = -1;
  let busy = false;
  const run = async () => {
    busy = true;
    try {
      do {
        taken = presented;
        await processFrame();
      } while (running && presented > taken && !hidden());
    } finally {
      busy = false;
    }
  };
  const onVideoFrame: VideoFrameRequestCallback = (_now, metadata) => {
    if (!running) return;
    presented = metadata.presentedFrames;
    handle = video.requestVideoFrameCallback(onVideoFrame);
    if (!busy && !hidden()) void run();
  };
  handle = video.requestVideoFrameCallback(onVideoFrame);
  return {
    stop() {
      running = false;
      video.cancelVideoFrameCallback(handle);
    },
  };
}
