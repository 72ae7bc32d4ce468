'use client';
import { useEffect, useRef, useState } from 'react';
import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { createRateMeter, createSmoother, type LiveModel } from '../classify';
import type { HandTracker } from '../hand';
import { createCaptureClock, createFrameProcessor, RECORD_RATE, startLiveLoop } from '../live';
import { createLiveStore, EMPTY_LIVE, type LiveStore } from './live-store';

export interface LiveLoopParams {
  readonly video: HTMLVideoElement | null;
  readonly cameraOn: boolean;
  readonly backbone: Backbone | null;
  /** Aborts when TF.js leaves the backbone's backend: the loop stops at once, and a new backbone starts it again. */
  readonly lifetime: AbortSignal | null;
  /** Null while there is nothing valid to classify with (untrained, stale, or training). */
  readonly model: LiveModel | null;
  /** The class being recorded into, while the record button is held. */
  readonly recordingClassId: string | null;
  /** Set in the hand modes: frames are cropped to the hand, and frames without a hand are skipped. */
  readonly hand: HandTracker | null;
  readonly onSample: (classId: string, sample: { embedding: Float32Array; image: Blob; landmarks: Float32Array | null }) => void;
  readonly onError: (error: unknown) => void;
}

/** Runs the per-frame loop while the camera is on, publishing readouts to a store. */
export function useLiveLoop(params: LiveLoopParams): LiveStore {
  const [store] = useState(createLiveStore);
  const latest = useRef(params);
  latest.current = params;
  const { video, cameraOn } = params;
  // A new backbone (another backbone, or the same on another backend) starts a fresh loop: a frame
  // in flight on a lost WebGL context never settles, and must not hold the loop up.
  const backboneKey = params.backbone;
  const { lifetime } = params;

  useEffect(() => {
    if (!video || !cameraOn) return;
    const smoother = createSmoother(0.5);
    const meter = createRateMeter(30);
    const clock = createCaptureClock(RECORD_RATE);
    let frames = 0;
    let recordingFor: string | null = null;
    let kept = 0;
    let dropped = 0;
    const loop = startLiveLoop({
      video,
      processor: createFrameProcessor(),
      current: () => {
        const p = latest.current;
        if (p.recordingClassId !== recordingFor) {
          // A new recording counts its own kept and dropped frames; the last one's stay shown until then.
          if (p.recordingClassId !== null) kept = dropped = 0;
          recordingFor = p.recordingClassId;
          clock.reset();
        }
        return { backbone: p.backbone, model: p.model, recording: p.recordingClassId !== null, keepImage: (now) => clock.take(now), hand: p.hand };
      },
      onFrame: (frame, now, sampleWanted) => {
        frames += 1;
        meter.record(now, frame.latencyMs);
        const { model, recordingClassId, onSample, onError } = latest.current;
        if (frame.image && frame.embedding && recordingClassId) {
          const { embedding, landmarks } = frame;
          kept += 1;
          frame.image.then((image) => onSample(recordingClassId, { embedding, image, landmarks }), onError);
        } else if (sampleWanted && frame.tracked && !frame.hand) {
          dropped += 1;
        }
        const probabilities = frame.probabilities && model ? smoother.update(frame.probabilities) : null;
        if (!probabilities) smoother.reset();
        store.set({
          probabilities,
          classNames: model?.classNames ?? [],
          fps: meter.fps,
          latencyMs: meter.latencyMs,
          frames,
          tensors: tf.memory().numTensors,
          tracking: frame.tracked,
          hand: frame.hand,
          box: frame.box,
          frameWidth: video.videoWidth,
          frameHeight: video.videoHeight,
          kept,
          dropped,
        });
      },
      onError: (error) => latest.current.onError(error),
    });
    // The backbone's backend is gone: not one more frame on it (the next op would throw from deep
    // inside TF.js), whatever React has rendered so far.
    const stop = () => loop.stop();
    lifetime?.addEventListener('abort', stop);
    if (lifetime?.aborted) stop();
    return () => {
      lifetime?.removeEventListener('abort', stop);
      loop.stop();
      store.set(EMPTY_LIVE);
    };
  }, [video, cameraOn, store, backboneKey, lifetime]);

  return store;
}
