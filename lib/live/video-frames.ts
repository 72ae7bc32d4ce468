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
    const seconds = Math.min(await durationOf(video, file.name), MAX_VIDEO_SECONDS);
    if (!(seconds > 0) || video.videoWidth === 0) throw new Error(`“${file.name}” has no video frames to read.`);
    const total = Math.max(1, Math.floor(seconds * MOTION_FRAME_RATE));
    const frames: TimedFrame[] = [];
    for (let i = 0; i < total; i += 1) {
      if (signal.aborted) return null;
      const timeMs = (i * 1000) / MOTION_FRAME_RATE;
      const bitmap = await frameAt(video, timeMs / 1000, `“${file.name}” could not be read at ${(timeMs / 1000).toFixed(1)} s.`);
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

/**
 * The video's length in seconds. A video recorded in a browser (MediaRecorder's .webm) does not say
 * it until the player has been to its end, so it is sent there once.
 */
async function durationOf(video: HTMLVideoElement, name: string): Promise<number> {
  if (Number.isFinite(video.duration)) return video.duration;
  video.currentTime = Number.MAX_SAFE_INTEGER;
  await once(video, 'seeked', `“${name}” could not be read to its end.`);
  return Number.isFinite(video.duration) ? video.duration : video.currentTime;
}

/** How long a sought frame may take to be decoded before the video counts as unreadable there. */
const FRAME_WAIT_MS = 2000;

/**
 * Seeks to `seconds` and copies the frame there. Right after 'seeked' the frame may not be decoded
 * yet: createImageBitmap threw "The image source is not usable" for two of three uploaded videos in
 * one loaded end-to-end run (stop 29), and again, with the ready state already at HAVE_CURRENT_DATA,
 * in another (stop 31) — the decoded frame reaches a paused video outside the page a moment later, and
 * no event marks its arrival. So the copy is tried every 20 ms for `FRAME_WAIT_MS`, and a frame still
 * missing is sought once more (a paused video's decoder may have gone idle) before the video is said
 * to be unreadable there.
 */
async function frameAt(video: HTMLVideoElement, seconds: number, failure: string): Promise<ImageBitmap> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    video.currentTime = seconds;
    await once(video, 'seeked', failure);
    const deadline = performance.now() + FRAME_WAIT_MS;
    do {
      try {
        return await createImageBitmap(video);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } while (performance.now() < deadline);
  }
  throw new Error(failure);
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
