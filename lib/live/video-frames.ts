import type { Engine } from '../engine';
import { MOTION_FRAME_RATE, type TimedFrame } from '../motion';

/** The longest part of an uploaded video read as a motion clip: clips are at most the model's window, with room to centre it. */
export const MAX_VIDEO_SECONDS = 4;

/** Video files a motion clip can be made from: what browsers play; the player says when one cannot be. */
export const MOTION_VIDEO_TYPES = 'video/webm,video/mp4,.webm,.mp4';

/**
 * Reads an uploaded video as the live loop would see it: frame by frame at the motion rate (seeking,
 * so a slow engine misses none), each frame's hand tracked in the engine's video mode, its motion
 * row kept with its media time. Only the first `MAX_VIDEO_SECONDS` are read. The engine must not be
 * fed camera frames meanwhile (its tracker follows one stream); the live loop restarts afterwards.
 * Rejects with a sentence when the browser cannot play the file.
 */
export async function readVideoFrames(engine: Engine, file: File, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<TimedFrame[] | null> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  const url = URL.createObjectURL(file);
  try {
    video.src = url;
    await once(video, 'loadeddata', `This browser cannot play “${file.name}”: try a .webm or .mp4 video it plays.`);
    const seconds = Math.min(video.duration, MAX_VIDEO_SECONDS);
    if (!(seconds > 0) || video.videoWidth === 0) throw new Error(`“${file.name}” has no video frames to read.`);
    const total = Math.max(1, Math.floor(seconds * MOTION_FRAME_RATE));
    const frames: TimedFrame[] = [];
    for (let i = 0; i < total; i += 1) {
      if (signal.aborted) return null;
      const timeMs = (i * 1000) / MOTION_FRAME_RATE;
      video.currentTime = timeMs / 1000;
      await once(video, 'seeked', `“${file.name}” could not be read at ${(timeMs / 1000).toFixed(1)} s.`);
      const bitmap = await createImageBitmap(video);
      const frame = await engine.processFrame(bitmap, { embed: false, classify: false, keepImage: false, hand: false, motion: true, timestampMs: performance.now(), restart: i === 0 });
      frames.push({ timeMs, row: frame.motionRow });
      onProgress(i + 1, total);
    }
    return frames;
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

function once(video: HTMLVideoElement, event: 'loadeddata' | 'seeked', failure: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
    };
    const onEvent = () => (done(), resolve());
    const onError = () => (done(), reject(new Error(failure)));
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}
