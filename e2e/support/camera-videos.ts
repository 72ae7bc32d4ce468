import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { type BusySceneOptions, buildBusySceneVideo, busySceneFrames, type Edge, framePng } from './busy-scene';
import { buildFakeCameraVideo, VIDEO_FPS } from './fake-camera';
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

/** Hand-mode video: the three gestures, then one photo held still (to check landmark positions), then no hand at all. */
export const STILL_LABEL = 8;
export const EMPTY_LABEL = 9;
/** The photo of the still segment: a five not among the recorded ones. */
export const STILL_PHOTO = () => listClassImages('5')[IMAGES_PER_GESTURE + 3];
export const HAND_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'hands.y4m');

export function buildHandVideo(): string {
  const empty = path.join(path.dirname(HAND_VIDEO), 'empty.png');
  fs.mkdirSync(path.dirname(HAND_VIDEO), { recursive: true });
  fs.writeFileSync(empty, emptyBackgroundPng());
  const segments = [
    ...GESTURES.map((g) => ({ label: g.digit, images: listClassImages(String(g.digit)).slice(0, IMAGES_PER_GESTURE) })),
    { label: STILL_LABEL, images: Array.from({ length: IMAGES_PER_GESTURE }, STILL_PHOTO) },
    { label: EMPTY_LABEL, images: Array.from({ length: IMAGES_PER_GESTURE }, () => empty) },
  ];
  return buildFakeCameraVideo({ segments, framesPerImage: FRAMES_PER_IMAGE, outPath: HAND_VIDEO }).path;
}

/**
 * Gesture-actions video: each gesture held still-ish for 3 s (three photos of it, 1 s each), then
 * 1.5 s with no hand, for two gestures given actions and one shape recorded as "None of these".
 */
export const ACTIONS_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'actions.y4m');
export const ACTION_GESTURES = [
  { digit: 5, name: 'Five' },
  { digit: 2, name: 'Two' },
  { digit: 0, name: 'None of these' },
] as const;
const ACTION_PHOTOS = 3;
/** 15 frames a picture: each photo is listed twice, the empty wall three times. */
const ACTION_FRAMES_PER_IMAGE = 15;
export const ACTION_SEGMENT_MS = (ACTION_PHOTOS * 2 * ACTION_FRAMES_PER_IMAGE * 1000) / VIDEO_FPS;
export const ACTION_EMPTY_MS = (3 * ACTION_FRAMES_PER_IMAGE * 1000) / VIDEO_FPS;

export function buildActionsVideo(): string {
  const empty = path.join(path.dirname(ACTIONS_VIDEO), 'empty.png');
  fs.mkdirSync(path.dirname(ACTIONS_VIDEO), { recursive: true });
  fs.writeFileSync(empty, emptyBackgroundPng());
  const segments = ACTION_GESTURES.flatMap((g) => [
    { label: g.digit, images: listClassImages(String(g.digit)).slice(0, ACTION_PHOTOS).flatMap((photo) => [photo, photo]) },
    { label: EMPTY_LABEL, images: [empty, empty, empty] },
  ]);
  return buildFakeCameraVideo({ segments, framesPerImage: ACTION_FRAMES_PER_IMAGE, outPath: ACTIONS_VIDEO }).path;
}

/** A light wall with a soft gradient, like the photos' backgrounds but with nobody in front of it. */
function emptyBackgroundPng(): Buffer {
  const png = new PNG({ width: 100, height: 100 });
  for (let y = 0; y < 100; y += 1) {
    for (let x = 0; x < 100; x += 1) {
      const i = (y * 100 + x) * 4;
      const shade = 200 + Math.round((x + y) / 8);
      png.data.set([shade, shade - 6, shade - 14, 255], i);
    }
  }
  return PNG.sync.write(png);
}

/**
 * Edge video: each gesture's hand enters over a busy scene from its own edge in 1 s and rests there
 * for 2 s with a quarter of it outside the frame; then the busy scene with no hand. The hands come
 * from photos after the first EDGE_TRAIN_PHOTOS of their digit, which the edge spec trains on.
 */
export const EDGE_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'edges.y4m');
export const EDGE_TRAIN_PHOTOS = 12;
export const EDGE_OF: Record<(typeof GESTURES)[number]['name'], Edge> = { Zero: 'right', Two: 'bottom', Five: 'top' };
const EDGE_ENTRY_FRAMES = 30;
const EDGE_REST_FRAMES = 60;
export const EDGE_ENTRY_MS = (EDGE_ENTRY_FRAMES * 1000) / VIDEO_FPS;
export const EDGE_SEGMENT_MS = ((EDGE_ENTRY_FRAMES + EDGE_REST_FRAMES) * 1000) / VIDEO_FPS;

/** The photos of a digit the edge spec trains on (never the one in the video). */
export const edgeTrainPhotos = (digit: number) => listClassImages(String(digit)).slice(0, EDGE_TRAIN_PHOTOS);

function edgeScene(): BusySceneOptions {
  const segments = [
    ...GESTURES.map((g) => ({ label: g.digit, seed: 100 + g.digit, hand: { photo: listClassImages(String(g.digit))[EDGE_TRAIN_PHOTOS] as string, edge: EDGE_OF[g.name] } })),
    { label: EMPTY_LABEL, seed: 100 + EMPTY_LABEL },
  ];
  return { segments, entryFrames: EDGE_ENTRY_FRAMES, restFrames: EDGE_REST_FRAMES, outPath: EDGE_VIDEO };
}

export function buildEdgeVideo(): ReturnType<typeof buildBusySceneVideo> {
  return buildBusySceneVideo(edgeScene());
}

/**
 * Writes four frames of each gesture's rest in the edge video (its first, every 20th and its last) as
 * PNGs into a fresh `<tmp>/<gesture name>/` folder tree, for evaluating the hand model on still frames;
 * returns the folder and the count.
 */
export function writeEdgeStills(): { dir: string; count: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-stills-'));
  const wanted = [0, 20, 40, EDGE_REST_FRAMES - 1].map((k) => EDGE_ENTRY_FRAMES + k);
  const { timeline, frames } = busySceneFrames(edgeScene());
  let index = 0;
  let count = 0;
  for (const rgb of frames()) {
    const segment = timeline.find((s) => index >= s.firstFrame && index < s.firstFrame + s.frames);
    const gesture = GESTURES.find((g) => g.digit === segment?.label);
    if (segment && gesture && wanted.includes(index - segment.firstFrame)) {
      fs.mkdirSync(path.join(dir, gesture.name), { recursive: true });
      fs.writeFileSync(path.join(dir, gesture.name, `frame-${index}.png`), framePng(rgb));
      count += 1;
    }
    index += 1;
  }
  return { dir, count };
}

export function fakeCameraArgs(videoPath: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${videoPath}`];
}
