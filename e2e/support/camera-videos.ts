import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFakeCameraVideo } from './fake-camera';
import { listClassImages } from './sign-digits';

/** The gestures the camera spec records: sign digits that look clearly different. */
export const GESTURES = [
  { digit: 0, name: 'Zero' },
  { digit: 2, name: 'Two' },
  { digit: 5, name: 'Five' },
] as const;
export const IMAGES_PER_GESTURE = 6;
/** 0.5 s per photo, so one gesture's segment lasts 3 s and the whole loop 9 s. */
export const FRAMES_PER_IMAGE = 15;
export const SEGMENT_MS = (IMAGES_PER_GESTURE * FRAMES_PER_IMAGE * 1000) / 30;

export const GESTURE_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'gestures.y4m');

export function buildGestureVideo(): string {
  const segments = GESTURES.map((g) => ({ label: g.digit, images: listClassImages(String(g.digit)).slice(0, IMAGES_PER_GESTURE) }));
  fs.mkdirSync(path.dirname(GESTURE_VIDEO), { recursive: true });
  return buildFakeCameraVideo({ segments, framesPerImage: FRAMES_PER_IMAGE, outPath: GESTURE_VIDEO }).path;
}

export function fakeCameraArgs(videoPath: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${videoPath}`];
}
