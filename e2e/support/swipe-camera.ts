import { encodeI420, loadScaledRgb, VIDEO_HEIGHT, VIDEO_WIDTH, writeY4m } from './fake-camera';

/** The stage `recordSwipeVideo` (motion-upload.ts) draws its clips on: a 200 px hand photo on a plain frame, 20 px from the top. */
const SIDE = 200;
const TOP = 20;
const BACKGROUND = [0xd9, 0xd4, 0xcc] as const;
/** The photo's left edge at the ends of a swipe: those of the uploaded swipes (60 ∓ 80). */
const LEFT_X = -20;
const RIGHT_X = 140;
/** Frames (30/s) the hand rests at each end, and a swipe takes (the uploaded swipes travel for 0.96 s). */
export const REST_FRAMES = 36;
export const SWIPE_FRAMES = 29;

/**
 * A fake-camera `.y4m` of the hand swiping right, resting, swiping left, resting: it ends where it
 * starts, so Chromium's loop adds no jump, and a correct recognizer's events alternate
 * Swipe right, Swipe left for as long as it plays.
 */
export function buildSwipeCameraVideo(photo: string, outPath: string): { path: string; frames: number } {
  const hand = loadScaledRgb(photo, SIDE);
  const frameAt = (x: number): Buffer => {
    const rgb = new Float32Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3);
    for (let p = 0; p < VIDEO_WIDTH * VIDEO_HEIGHT; p += 1) rgb.set(BACKGROUND, p * 3);
    const left = Math.round(x);
    for (let y = 0; y < SIDE; y += 1) {
      const from = Math.max(0, -left);
      const to = Math.min(SIDE, VIDEO_WIDTH - left);
      rgb.set(hand.subarray((y * SIDE + from) * 3, (y * SIDE + to) * 3), ((TOP + y) * VIDEO_WIDTH + left + from) * 3);
    }
    return encodeI420(rgb);
  };
  const still = (x: number) => Array.from({ length: REST_FRAMES }, () => frameAt(x));
  const swipe = (from: number, to: number) => Array.from({ length: SWIPE_FRAMES }, (_, i) => frameAt(from + ((to - from) * (i + 1)) / SWIPE_FRAMES));
  return writeY4m(outPath, [...still(LEFT_X), ...swipe(LEFT_X, RIGHT_X), ...still(RIGHT_X), ...swipe(RIGHT_X, LEFT_X)]);
}
