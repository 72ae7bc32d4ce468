import type { FrameProcessor, ProcessedFrame } from './frame-processor';
import type { Backbone } from '../backbone';
import type { LiveModel } from '../classify';
import type { HandTracker } from '../hand';

export interface LiveLoopInputs {
  readonly video: HTMLVideoElement;
  readonly processor: FrameProcessor;
  /** Read every frame, so the loop always uses the current backbone, model and recording state. */
  current(): { backbone: Backbone | null; model: LiveModel | null; recording: boolean; keepImage: (nowMs: number) => boolean; hand: HandTracker | null };
  /** `sampleWanted`: this frame was due to become a sample (it did unless no hand was in view). */
  onFrame(frame: ProcessedFrame, nowMs: number, sampleWanted: boolean): void;
  onError(error: unknown): void;
}

export interface LiveLoop {
  stop(): void;
}

/**
 * Processes each new video frame, one at a time (a slow frame delays the next rather than piling
 * up work). The backbone only runs when its output is wanted: while recording or classifying; the
 * hand tracker (hand modes) runs on every frame so the hand is drawn even before anything is trained.
 * While the tab is hidden the loop stops altogether (no frame is read, no tensor made) and resumes
 * when it is shown again: nobody sees the predictions, and the GPU and battery are the user's.
 */
export function startLiveLoop(inputs: LiveLoopInputs): LiveLoop {
  const { video } = inputs;
  let running = true;
  let handle = 0;
  let paused = false;
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
    const { backbone, model, recording, keepImage, hand } = inputs.current();
    const wanted = backbone !== null && (recording || model !== null);
    if (video.readyState >= 2 && video.videoWidth > 0 && (wanted || hand)) {
      try {
        const now = performance.now();
        const sampleWanted = wanted && recording && keepImage(now);
        const frame = await inputs.processor.process(video, { backbone: wanted ? backbone : null, model, keepImage: sampleWanted, hand, timestampMs: now });
        if (running) inputs.onFrame(frame, performance.now(), sampleWanted);
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
