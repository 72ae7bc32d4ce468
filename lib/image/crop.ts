/** A square region of a source image, in source pixels. */
export interface CropBox {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * The largest centred square: the backbone wants a square input, and squashing a 4:3 frame would
 * distort the hand differently from how an uploaded photo is distorted.
 */
export function centerSquare(width: number, height: number): CropBox {
  if (!(width > 0 && height > 0)) throw new RangeError(`Cannot crop a ${width}x${height} image.`);
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}
