import * as tf from '@tensorflow/tfjs';
import { centerSquare, decodeImage, drawCrop, readPixels } from '../image';

/**
 * Browser-only. The video's centre square (what the whole-frame mode shows the backbone) drawn into
 * `canvas` and read as [size, size, 3] 0..255; null while the video has no frame. The caller disposes.
 */
export function videoPixels(video: HTMLVideoElement, canvas: HTMLCanvasElement): tf.Tensor3D | null {
  if (video.readyState < 2 || video.videoWidth === 0) return null;
  drawCrop(video, centerSquare(video.videoWidth, video.videoHeight), canvas);
  return readPixels(canvas);
}

/** Browser-only. A stored sample image scaled into `canvas` and read as [size, size, 3] 0..255; the caller disposes. */
export async function imagePixels(image: Blob, canvas: HTMLCanvasElement): Promise<tf.Tensor3D> {
  const bitmap = await decodeImage(image, 'This sample');
  try {
    drawCrop(bitmap, centerSquare(bitmap.width, bitmap.height), canvas);
  } finally {
    bitmap.close();
  }
  return readPixels(canvas);
}
