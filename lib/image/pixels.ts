/**
 * Packs RGBA bytes (canvas ImageData) into RGB floats 0..255, dropping alpha, into `into` when
 * given (its length must be pixels * 3) or a new array. One tight loop, no intermediate arrays:
 * per frame this is ~0.1 ms, where TF.js's generic conversions allocate and cost milliseconds.
 */
export function rgbaToRgb(rgba: ArrayLike<number>, into?: Float32Array): Float32Array {
  if (rgba.length % 4 !== 0) throw new RangeError(`RGBA data must have a multiple of 4 values, got ${rgba.length}.`);
  const size = (rgba.length / 4) * 3;
  const rgb = into ?? new Float32Array(size);
  if (rgb.length !== size) throw new RangeError(`Need ${size} values for the RGB output, got ${rgb.length}.`);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return rgb;
}
