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
 * never queued, so the labels stay current and the page only captures, draws and renders. The
 * backbone only runs when its output is wanted: while recording or classifying.
 * While the tab is hidden the loop stops altogether (no frame is read) and resumes when it is shown
 * again: nobody sees the predictions, and the GPU and battery are the user's.
 */
export function startLiveLoop(inputs: LiveLoopInputs): LiveLoop {
  const { video } = inputs;
  let running = true;
  let handle = 0;
  let paused = false;
  // The loop's first frame starts a new stream in the engine (see `FrameRequest.restart`).
  let first = true;
  const perVideoFrame = 'requestVideoFrameCallback' in video;
  const schedule = () => {
    if (!running) return;
    handle = perVideoFrame ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };
  const tick = async () => {
    if (document.visibilityState === 'hidden') {
      paused = true; // `onVisibility` schedules the next tick
      return;
    }
    const { engine, embed, classify, hand, recording, keepImage, motion } = inputs.current();
    // While the engine is away (loading, or busy with another stream such as a video being read),
    // the next frame it gets starts the camera's stream afresh.
    if (!engine) first = true;
    if (engine && video.readyState >= 2 && video.videoWidth > 0 && (embed || hand || motion)) {
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
    }
    schedule();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible' && paused) {
      paused = false;
      schedule();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return {
    stop() {
      running = false;
      document.removeEventListener('visibilitychange', onVisibility);
      if (perVideoFrame) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    },
  };
}
