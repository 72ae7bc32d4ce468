import { centerSquare, decodeImage } from '../image';

/** The webcam frame the hand figures are timed on: the e2e fake camera's layout (e2e/support/fake-camera.ts). */
export const HAND_FRAME_WIDTH = 320;
export const HAND_FRAME_HEIGHT = 240;
export const HAND_PHOTO_SIZE = 240;

/**
 * A 320x240 stand-in for a webcam frame showing a hand: the photo's centre square scaled to 240x240
 * in the middle, flat grey strips either side. A file that is not a readable image rejects with an
 * `ImageError` (lib/image).
 */
export async function createHandFrame(photo: Blob): Promise<HTMLCanvasElement> {
  const bitmap = await decodeImage(photo, 'The hand photo');
  try {
    const canvas = document.createElement('canvas');
    canvas.width = HAND_FRAME_WIDTH;
    canvas.height = HAND_FRAME_HEIGHT;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, HAND_FRAME_WIDTH, HAND_FRAME_HEIGHT);
    const square = centerSquare(bitmap.width, bitmap.height);
    const x = (HAND_FRAME_WIDTH - HAND_PHOTO_SIZE) / 2;
    const y = (HAND_FRAME_HEIGHT - HAND_PHOTO_SIZE) / 2;
    ctx.drawImage(bitmap, square.x, square.y, square.size, square.size, x, y, HAND_PHOTO_SIZE, HAND_PHOTO_SIZE);
    return canvas;
  } finally {
    bitmap.close();
  }
}
