'use client';
import { useEffect, useRef, useState } from 'react';
import { createRateMeter, createSmoother } from '../classify';
import type { Engine } from '../engine';
import type { MotionStep } from '../motion';
import { createCaptureClock, RECORD_RATE, startLiveLoop } from '../live';
import { createLiveStore, EMPTY_LIVE, type LiveStore } from './live-store';

export interface LiveLoopParams {
  readonly video: HTMLVideoElement | null;
  readonly cameraOn: boolean;
  /** Null while it loads. */
  readonly engine: Engine | null;
  /** Changes with every load of the engine: frames in flight on the previous backend are not waited for. */
  readonly engineLoad: number;
  /** The engine's backbone embeds what these samples are made of (same backbone, same framing). */
  readonly canEmbed: boolean;
  /** The engine has a live model that fits the classes: classify every frame. */
  readonly classify: boolean;
  /** The class being recorded into, while the record button is held. */
  readonly recordingClassId: string | null;
  /** Hand modes, once the engine's hand tracker is ready: frames are cropped to the hand, and frames without a hand are skipped. */
  readonly hand: boolean;
  /** Motions (lib/studio `MotionController`): whether frames are wanted for them, and where each frame's motion row and step go. */
  readonly motion?: MotionSink | null;
  /** The engine reads something else (an uploaded video): no frame goes to it meanwhile. */
  readonly paused?: boolean;
  readonly onSample: (classId: string, sample: { embedding: Float32Array; image: Blob; landmarks: Float32Array | null }) => void;
  readonly onError: (error: unknown) => void;
}

export interface MotionSink {
  readonly wantsFrames: boolean;
  onFrame(capturedMs: number, row: Float32Array | null, step: MotionStep | null): void;
}

/** Runs the per-frame loop while the camera is on, publishing readouts to a store. */
export function useLiveLoop(params: LiveLoopParams): LiveStore {
  const [store] = useState(createLiveStore);
  const latest = useRef(params);
  latest.current = params;
  const { video, cameraOn, engine, engineLoad } = params;

  useEffect(() => {
    if (!video || !cameraOn || !engine) return;
    const smoother = createSmoother(0.5);
    const meter = createRateMeter(30);
    const clock = createCaptureClock(RECORD_RATE);
    let frames = 0;
    let recordingFor: string | null = null;
    let kept = 0;
    let dropped = 0;
    // The engine's last count taken with nothing but the frame in flight (see `EngineFrame.tensors`).
    let tensors: number | null = null;
    const loop = startLiveLoop({
      video,
      current: () => {
        const p = latest.current;
        if (p.recordingClassId !== recordingFor) {
          // A new recording counts its own kept and dropped frames; the last one's stay shown until then.
          if (p.recordingClassId !== null) kept = dropped = 0;
          recordingFor = p.recordingClassId;
          clock.reset();
        }
        const recording = p.recordingClassId !== null;
        return {
          engine: p.paused ? null : engine,
          embed: p.canEmbed && (recording || p.classify),
          classify: p.classify,
          hand: p.hand,
          recording,
          keepImage: (now) => clock.take(now),
          motion: p.motion?.wantsFrames === true,
        };
      },
      onFrame: (frame, now, latencyMs, sampleWanted) => {
        frames += 1;
        meter.record(now, latencyMs);
        const { recordingClassId, onSample, motion } = latest.current;
        const capturedMs = now - latencyMs;
        if (frame.motionRow || frame.motion) motion?.onFrame(capturedMs, frame.motionRow, frame.motion);
        if (frame.image && frame.embedding && recordingClassId) {
          kept += 1;
          onSample(recordingClassId, { embedding: frame.embedding, image: frame.image, landmarks: frame.landmarks });
        } else if (sampleWanted && frame.tracked && !frame.hand) {
          dropped += 1;
        }
        const probabilities = frame.probabilities && frame.classNames ? smoother.update(frame.probabilities) : null;
        if (!probabilities) smoother.reset();
        store.set({
          probabilities,
          classNames: frame.classNames ?? [],
          fps: meter.fps,
          latencyMs: meter.latencyMs,
          frames,
          capturedMs,
          tensors: (tensors = frame.tensors ?? tensors),
          tracking: frame.tracked,
          hand: frame.hand,
          box: frame.box,
          frameWidth: video.videoWidth,
          frameHeight: video.videoHeight,
          motion: frame.motion?.probabilities ?? null,
          kept,
          dropped,
        });
      },
      onError: (error) => latest.current.onError(error),
    });
    return () => {
      loop.stop();
      store.set(EMPTY_LIVE);
    };
  }, [video, cameraOn, store, engine, engineLoad]);

  return store;
}
